package dataset

import (
	"flag"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")
