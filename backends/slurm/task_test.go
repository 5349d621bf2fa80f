package slurm

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// The fixtures are real `scontrol -o show job` output of Slurm 22.05.
func TestParseScontrol(t *testing.T) {
	tests := []struct {
		file string
		want string
	}{
		{"scontrol-array-running.txt", "5_0 RUNNING vm 0 | 5_1 RUNNING vm 0 | 5_2 RUNNING vm 0 | 5_3 RUNNING vm 0 | 5_4 PENDING  0 | 5_5 PENDING  0"},
		{"scontrol-array-finished.txt", "13_0 COMPLETED vm 0 | 13_1 FAILED vm 3"},
		{"scontrol-array-cancelled.txt", "5_0 CANCELLED vm 0 | 5_1 CANCELLED vm 0 | 5_2 CANCELLED vm 0 | 5_3 CANCELLED vm 0 | 5_4 CANCELLED vm 0 | 5_5 CANCELLED  0"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, task := range parseScontrol(string(b)) {
				got = append(got, fmt.Sprintf("%s %s %s %d", task.ID, task.State, task.Node, task.ExitCode))
			}
			if s := strings.Join(got, " | "); s != tt.want {
				t.Errorf("got  %s\nwant %s", s, tt.want)
			}
		})
	}
}

func TestPendingTasksOfAnArrayAreListedOneByOne(t *testing.T) {
	for in, want := range map[string]string{"4-5": "[4 5]", "0-9%2": "[0 1 2 3 4 5 6 7 8 9]", "1,3-4": "[1 3 4]", "7": "[7]"} {
		if got := fmt.Sprint(expandRange(in)); got != want {
			t.Errorf("expandRange(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestParseSacct(t *testing.T) {
	out := "13_0|COMPLETED|0:0|vm|00:00:01\n13_1|FAILED|3:0|vm|00:00:01\n14|CANCELLED by 0|0:15|vm|00:00:09\n"
	var got []string
	for _, task := range parseSacct(out) {
		got = append(got, task.ID+" "+task.Outcome())
	}
	want := "13_0 COMPLETED|14 CANCELLED (killed by signal 15)|13_1 FAILED with exit code 3"
	if s := strings.Join(got, "|"); s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
}

func TestStates(t *testing.T) {
	tests := []struct {
		state        string
		ended, ok    bool
		exit, signal int
	}{
		{"PENDING", false, false, 0, 0},
		{"RUNNING", false, false, 0, 0},
		{"COMPLETING", false, false, 0, 0},
		{"COMPLETED", true, true, 0, 0},
		{"FAILED", true, false, 3, 0},
		{"CANCELLED", true, false, 0, 15},
		{"TIMEOUT", true, false, 0, 0},
		{"GONE", true, false, 0, 0},
	}
	for _, tt := range tests {
		task := Task{State: tt.state, ExitCode: tt.exit, Signal: tt.signal}
		if task.Ended() != tt.ended || task.OK() != tt.ok {
			t.Errorf("%s: ended %v ok %v, want %v %v", tt.state, task.Ended(), task.OK(), tt.ended, tt.ok)
		}
	}
}
