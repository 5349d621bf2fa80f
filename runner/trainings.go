package runner

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// IdentifyTrainings completes each training's identity with the hash of the
// rows it trains and validates on, so an edited dataset or template trains a
// new adapter. Cells of an adapter take its identity through Items.
func IdentifyTrainings(e *lang.Experiment, p *Plan, cat *dataset.Catalog) error {
	for i := range p.Trainings {
		t := &p.Trainings[i]
		train, val, err := TrainingRows(e, cat, *t)
		if err != nil {
			return err
		}
		h := sha256.New()
		h.Write(train)
		h.Write([]byte{0})
		h.Write(val)
		t.Data = hex.EncodeToString(h.Sum(nil)[:8])
		t.ID = t.identity(e)
	}
	return nil
}

// TrainingRows renders a training's rows as the trainer reads them (JSONL;
// chat rows when its base model is served through chat), and its validation
// rows (nil without a validation split).
func TrainingRows(e *lang.Experiment, cat *dataset.Catalog, t Training) (train, val []byte, err error) {
	chat := e.Models[t.Base].Endpoint == "chat"
	render := func(name string) ([]byte, error) {
		set, err := cat.Set(name)
		if err != nil {
			return nil, fmt.Errorf("training %s: %w", t.Name, err)
		}
		if len(set.Problems) == 0 {
			return nil, fmt.Errorf("training %s: %s has no problems to train on", t.Name, name)
		}
		var buf bytes.Buffer
		if err := dataset.WriteTraining(&buf, set, e.Templates[t.Template], chat); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	if train, err = render(t.Train); err != nil {
		return nil, nil, err
	}
	if t.Val != "" {
		if val, err = render(t.Val); err != nil {
			return nil, nil, err
		}
	}
	return train, val, nil
}

// builtinSeed is the seed a builtin model is built with.
func builtinSeed(m *lang.Model) string {
	if m.Serve != nil && m.Serve.Seed != nil {
		return strconv.FormatInt(*m.Serve.Seed, 10)
	}
	return "0"
}
