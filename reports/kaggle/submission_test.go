package kaggle

import (
	"bytes"
	"errors"
	"testing"
)

func TestSubmissionNamesFirstBadID(t *testing.T) {
	ids := []string{"a", "b", "c"}
	tests := []struct {
		name   string
		rows   []Row
		badID  string
		reason string
	}{
		{"valid in any order", []Row{{"c", 3}, {"a", 0}, {"b", 99999}}, "", ""},
		{"answer above range", []Row{{"a", 1}, {"b", 100000}, {"c", -1}}, "b", "answer 100000 outside 0-99999"},
		{"negative answer", []Row{{"a", -1}}, "a", "answer -1 outside 0-99999"},
		{"duplicate id", []Row{{"a", 1}, {"b", 2}, {"a", 1}}, "a", "appears twice"},
		{"unknown id", []Row{{"a", 1}, {"z", 2}}, "z", "not a problem of the dataset"},
		{"missing id", []Row{{"a", 1}, {"c", 2}}, "b", "has no answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteCSV(&buf, tt.rows, ids, AIMO3)
			if tt.badID == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := buf.String(); got != "id,answer\nc,3\na,0\nb,99999\n" {
					t.Errorf("csv = %q", got)
				}
				return
			}
			var bad *BadRowError
			if !errors.As(err, &bad) || bad.ID != tt.badID || bad.Reason != tt.reason {
				t.Fatalf("error = %v, want id %q: %s", err, tt.badID, tt.reason)
			}
			if buf.Len() != 0 {
				t.Error("an invalid submission must write nothing")
			}
		})
	}
}
