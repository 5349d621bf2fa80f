// This directory holds an npm install of promptfoo for the side-by-side
// benchmark; the go.mod keeps node_modules (which ships Go files) out of ./...
module aimo.local/bench/promptfoo

go 1.26
