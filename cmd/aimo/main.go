// Command aimo is a declarative experiment runner for LLM math pipelines.
package main

import "os"

func main() {
	os.Exit(Main(os.Args, os.Stdout, os.Stderr))
}
