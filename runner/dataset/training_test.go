package dataset

import (
	"bytes"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/lang"
)

func TestWriteTraining(t *testing.T) {
	gsm, err := Load("gsm8k", &lang.Dataset{Format: "gsm8k", Path: "gsm8k.jsonl", Answers: "integer"}, "testdata")
	if err != nil {
		t.Fatal(err)
	}
	aimo, err := Load("aimo3", &lang.Dataset{Format: "csv", Path: "aimo.csv", Answers: "integer"}, "testdata")
	if err != nil {
		t.Fatal(err)
	}
	step := &lang.Template{User: "{problem}\nReason step by step.", Example: "{solution}"}
	fewShot := &lang.Template{System: "Solve it.", User: "Problem: {problem}", Example: "Solution: {solution}"}
	tests := []struct {
		name string
		set  *Set
		t    *lang.Template
		chat bool
	}{
		{"gsm8k_plain", gsm, step, false},
		{"gsm8k_chat", gsm, fewShot, true},
		{"aimo3_plain_system", aimo, fewShot, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteTraining(&b, tt.set, tt.t, tt.chat); err != nil {
				t.Fatal(err)
			}
			testkit.Golden(t, "testdata/training_"+tt.name+".golden", b.Bytes(), *update)
		})
	}
}
