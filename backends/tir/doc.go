// Package tir runs tool-integrated reasoning: a conversation in which the
// model writes Python, aimo runs it in the attempt's own sandbox session, and
// the model reads what it printed, until it answers.
//
// Two loops, chosen by the template. In the text loop (the ToRA and
// NuminaMath format) the model writes code in ```python fences; generation
// stops at the end of a fence, aimo runs the code and appends its output as
// an ```output block, and the model continues the same text. In the function
// loop the model calls a `python` function tool through the chat API; each
// call's result goes back as a tool message, and the model's reasoning
// channel is kept apart from its answer and sent back with its turn.
//
// The package is opinionated about the record: every turn, every call, what
// the model was shown and how long the code ran are returned in the
// completion, so an attempt can be cached, shown and replayed without asking
// the model again. The model's code failing is part of the conversation, not
// an error; Generate fails only when aimo or the server did.
package tir
