// Package kaggle exports a configuration as an AIMO3 Kaggle submission: a
// notebook (and the same code as one Python file) that serves the
// kaggle_evaluation inference-server API with vLLM's offline engine, and
// submission.csv files from cached answers.
//
// It is opinionated in three ways. The notebook's extraction and voting are
// a line-for-line Python port of aimo's Go code (embedded in py/), tested for
// agreement on every shipped replay problem, so what the sweep measured is
// what Kaggle runs. Everything the notebook needs is baked into it: the
// rendered few-shot examples, sampling, voting, early stopping and the time
// policy travel in config.json and inside the code, so nothing is looked up
// at submission time. And predict always returns an integer in range: a
// problem without any extracted answer gets the fallback answer.
package kaggle
