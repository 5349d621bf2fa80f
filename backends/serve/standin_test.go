package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// standinEnv makes the test binary act as a server instead of running tests,
// so that lifecycle tests start real processes without needing vLLM.
const standinEnv = "AIMO_SERVE_STANDIN=1"

func TestMain(m *testing.M) {
	if os.Getenv("AIMO_SERVE_STANDIN") == "1" {
		os.Exit(standin(parseStandin(os.Args[1:])))
	}
	os.Exit(m.Run())
}

// standinOptions are what the stand-in is told to do. It reads vLLM's flags
// (--port, --served-model-name) among its own (--standin-*) and ignores the rest.
type standinOptions struct {
	port       int
	model      string
	dir        string        // where it writes pid, argv.json, env.json and grandchild.pid
	sleep      time.Duration // loading time before it listens
	say        int           // log lines printed at start
	exit       int           // exit with this status before listening (-1: don't)
	dieAfter   time.Duration // exit with status 7 this long after listening
	unhealthy  bool          // listen, but answer /health with 503
	ignoreTerm bool
	grandchild bool // spawn a process that sleeps, as vLLM spawns engines
	hang       bool // sleep forever: the grandchild's mode
	parent     bool // act as aimo: start a stand-in server in dir/server, then sleep
}

func parseStandin(argv []string) standinOptions {
	o := standinOptions{exit: -1}
	value := func(i int) string {
		if i+1 < len(argv) {
			return argv[i+1]
		}
		return ""
	}
	for i, arg := range argv {
		v := value(i)
		switch arg {
		case "--port":
			o.port, _ = strconv.Atoi(v)
		case "--served-model-name":
			o.model = v
		case "--standin-dir":
			o.dir = v
		case "--standin-sleep":
			o.sleep, _ = time.ParseDuration(v)
		case "--standin-say":
			o.say, _ = strconv.Atoi(v)
		case "--standin-exit":
			o.exit, _ = strconv.Atoi(v)
		case "--standin-die-after":
			o.dieAfter, _ = time.ParseDuration(v)
		case "--standin-unhealthy":
			o.unhealthy = true
		case "--standin-ignore-term":
			o.ignoreTerm = true
		case "--standin-grandchild":
			o.grandchild = true
		case "--standin-hang":
			o.hang = true
		case "--standin-parent":
			o.parent = true
		}
	}
	return o
}

func standin(o standinOptions) int {
	if o.hang {
		time.Sleep(time.Hour)
		return 0
	}
	if o.parent {
		return parent(o.dir)
	}
	if o.ignoreTerm {
		signal.Ignore(syscall.SIGTERM)
	}
	record(o)
	for i := range o.say {
		fmt.Printf("stand-in: loading shard %d\n", i)
	}
	if o.grandchild {
		spawnGrandchild(o.dir)
	}
	if o.exit >= 0 {
		fmt.Fprintln(os.Stderr, "stand-in: out of memory, giving up")
		return o.exit
	}
	time.Sleep(o.sleep)
	return listen(o)
}

// record writes what the tests check: the stand-in's pid, argv and the
// environment variables it was given.
func record(o standinOptions) {
	if o.dir == "" {
		return
	}
	must(os.WriteFile(filepath.Join(o.dir, "pid"), []byte(strconv.Itoa(os.Getpid())), 0o644))
	writeJSON(filepath.Join(o.dir, "argv.json"), os.Args[1:])
	env := map[string]string{}
	for _, k := range []string{"AIMO_TEST_PARENT", "AIMO_TEST_ADDED", "PYTHONUNBUFFERED"} {
		env[k] = os.Getenv(k)
	}
	writeJSON(filepath.Join(o.dir, "env.json"), env)
}

func spawnGrandchild(dir string) {
	self, err := os.Executable()
	must(err)
	cmd := exec.Command(self, "--standin-hang")
	must(cmd.Start())
	must(os.WriteFile(filepath.Join(dir, "grandchild.pid"), []byte(strconv.Itoa(cmd.Process.Pid)), 0o644))
}

func listen(o standinOptions) int {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(o.port)))
	must(err)
	handler := vllmtest.New(vllmtest.Options{Model: o.model}).Config.Handler
	if o.unhealthy {
		handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Println("stand-in: still loading")
			w.WriteHeader(http.StatusServiceUnavailable)
		})
	}
	if o.dieAfter > 0 {
		time.AfterFunc(o.dieAfter, func() {
			fmt.Println("stand-in: engine core died")
			os.Exit(7)
		})
	}
	fmt.Printf("stand-in: listening on port %d\n", o.port)
	must(http.Serve(l, handler))
	return 0
}

// parent starts a server the way aimo does and then waits to be killed.
func parent(dir string) int {
	self, err := os.Executable()
	must(err)
	serverDir := filepath.Join(dir, "server")
	must(os.MkdirAll(serverDir, 0o755))
	_, err = Start(context.Background(), Spec{
		Argv: func(port int) []string {
			return []string{self, "--port", strconv.Itoa(port), "--standin-dir", serverDir}
		},
		LogPath: filepath.Join(dir, "server.log"),
	})
	must(err)
	must(os.WriteFile(filepath.Join(dir, "pid"), []byte(strconv.Itoa(os.Getpid())), 0o644))
	time.Sleep(time.Hour)
	return 0
}

func writeJSON(path string, v any) {
	b, err := json.Marshal(v)
	must(err)
	must(os.WriteFile(path, b, 0o644))
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "stand-in:", err)
		os.Exit(100)
	}
}
