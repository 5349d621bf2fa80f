// Package kaggle exports a configuration as an AIMO3 Kaggle submission: a
// notebook (and the same code as one Python file) that serves the
// kaggle_evaluation inference-server API with vLLM's offline engine,
// kernel-metadata.json for `kaggle kernels push`, and submission files
// (parquet, as the gateway writes them, or csv) from cached answers.
//
// It is opinionated in four ways. The notebook ships what was measured: the
// model's engine settings, the selected setting's attempts, method and early
// stop, and the same final-answer rule, extraction, entropy and voting as
// aimo's Go code, ported line for line (py/) and tested for agreement on
// every shipped replay and recorded AIMO3 sample; a choice it cannot run as
// measured is refused with the reason, never silently changed. Everything is
// offline and baked in: paths under /kaggle/input the experiment declares,
// the rendered few-shot examples and the time policy travel in config.json;
// so do a tool template's round limit and sandbox limits, with aimo's own
// sandbox worker in the notebook and the text tool loop ported line for line
// (the function loop, which needs a server's tool-call parser, is refused).
// Time is the competition's: counted from the notebook's first cell, model
// load included, against the limit less a margin. And nothing inside a
// problem can fail the run: predict always returns an integer in range, the
// fallback when nothing else is left.
package kaggle
