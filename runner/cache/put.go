//go:build cgo

package cache

/*
#include "sqlite.h"

enum { put_texts = 9 };
enum { has_mean_entropy = 1, has_tail_entropy = 2, has_score = 4, has_tool_turns = 8 };

// put_head is the fixed part of a row in a put buffer; the row's texts (key,
// cell, problem, model, text, reasoning, finish_reason, tool_turns, error)
// follow it, padded to 8 bytes.
typedef struct {
	int64_t sample, prompt_tokens, completion_tokens, created_at;
	double latency, mean_entropy, tail_entropy, score;
	int32_t has;
	int32_t len[put_texts];
	int32_t size; // of the whole row, head included
} put_head;

// The upsert's parameter of each text, and of the other columns.
static const int text_param[put_texts] = {1, 2, 3, 5, 6, 7, 8, 15, 16};
enum { p_sample = 4, p_prompt = 9, p_completion = 10, p_latency = 11, p_mean = 12, p_tail = 13, p_score = 14, p_created = 17 };

static void bind_real(sqlite3_stmt *st, int i, int has, double v) {
	if (has) {
		sqlite3_bind_double(st, i, v);
	} else {
		sqlite3_bind_null(st, i);
	}
}

// put_rows stores the n rows of buf in one transaction: each through ins,
// and, where rel is not NULL, the row's claim deleted through rel (owner
// bound as its first parameter, the key as its second). It returns 0, or
// SQLite's error code with the transaction rolled back, its message in msg
// (taken before the rollback, which would replace it) and in *at the index
// of the row that failed (-1: the transaction's begin or commit).
static int put_rows(sqlite3 *db, sqlite3_stmt *ins, sqlite3_stmt *rel, const char *buf, int n, int *at, char *msg, int cap) {
	*at = -1;
	int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0);
	if (rc != 0) {
		strncpy(msg, sqlite3_errmsg(db), cap - 1);
		return rc;
	}
	const char *p = buf;
	for (int r = 0; r < n; r++) {
		const put_head *h = (const put_head *)p;
		const char *t = p + sizeof(put_head);
		for (int i = 0; i < put_texts; i++) {
			// A zero length still binds text, not NULL: "" is not NULL.
			const char *s = h->len[i] > 0 ? t : "";
			if (i == 7 && !(h->has & has_tool_turns)) {
				sqlite3_bind_null(ins, text_param[i]);
			} else {
				sqlite3_bind_text(ins, text_param[i], s, h->len[i], 0);
			}
			t += h->len[i];
		}
		sqlite3_bind_int64(ins, p_sample, h->sample);
		sqlite3_bind_int64(ins, p_prompt, h->prompt_tokens);
		sqlite3_bind_int64(ins, p_completion, h->completion_tokens);
		sqlite3_bind_int64(ins, p_created, h->created_at);
		sqlite3_bind_double(ins, p_latency, h->latency);
		bind_real(ins, p_mean, h->has & has_mean_entropy, h->mean_entropy);
		bind_real(ins, p_tail, h->has & has_tail_entropy, h->tail_entropy);
		bind_real(ins, p_score, h->has & has_score, h->score);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc == sqlite_done && rel != 0) {
			sqlite3_bind_text(rel, 2, p + sizeof(put_head), h->len[0], 0);
			rc = sqlite3_step(rel);
			sqlite3_reset(rel);
		}
		if (rc != sqlite_done) {
			*at = r;
			goto fail;
		}
		p += h->size;
	}
	rc = sqlite3_exec(db, "COMMIT", 0, 0, 0);
	if (rc == 0) {
		sqlite3_clear_bindings(ins);
		return 0;
	}
fail:
	strncpy(msg, sqlite3_errmsg(db), cap - 1);
	sqlite3_exec(db, "ROLLBACK", 0, 0, 0);
	sqlite3_clear_bindings(ins);
	return rc;
}
*/
import "C"

import (
	"encoding/json"
	"errors"
	"fmt"
	"unsafe"
)

// putter writes rows on a read-write SQLite connection of the writer's own,
// packing a batch into one buffer and storing it in one call into SQLite:
// through database/sql every row cost 17 calls to bind its values, each
// crossing from Go into C, and as long again in conversions around them.
type putter struct {
	db       *C.sqlite3
	ins, rel *C.sqlite3_stmt
	owner    *C.char
	// buf is cbuf, memory from C.malloc, as a slice: the statements keep
	// pointers into it between calls, which they may not into Go memory.
	buf  []byte
	cbuf unsafe.Pointer
}

// openPutter opens the writer's connection to the cache at path, which
// exists, and prepares its statements.
func openPutter(path, owner string) (*putter, error) {
	name := C.CString(path)
	defer C.free(unsafe.Pointer(name))
	const openReadWrite, openNoMutex = 0x2, 0x8000
	p := &putter{}
	if rc := C.sqlite3_open_v2(name, &p.db, openReadWrite|openNoMutex, nil); rc != 0 {
		err := p.err(rc)
		p.close()
		return nil, err
	}
	// As the DSN sets them for database/sql's connections (see dsn).
	C.sqlite3_busy_timeout(p.db, 10000)
	if err := p.exec("PRAGMA synchronous = NORMAL"); err != nil {
		p.close()
		return nil, err
	}
	var err error
	if p.ins, err = p.prepare(upsert); err == nil {
		p.rel, err = p.prepare(`DELETE FROM claims WHERE owner = ?1 AND key = ?2`)
	}
	if err != nil {
		p.close()
		return nil, err
	}
	p.owner = C.CString(owner)
	if rc := C.sqlite3_bind_text(p.rel, 1, p.owner, -1, nil); rc != 0 {
		err := p.err(rc)
		p.close()
		return nil, err
	}
	return p, nil
}

func (p *putter) exec(q string) error {
	cq := C.CString(q)
	defer C.free(unsafe.Pointer(cq))
	if rc := C.sqlite3_exec(p.db, cq, nil, nil, nil); rc != 0 {
		return p.err(rc)
	}
	return nil
}

func (p *putter) prepare(q string) (*C.sqlite3_stmt, error) {
	cq := C.CString(q)
	defer C.free(unsafe.Pointer(cq))
	var st *C.sqlite3_stmt
	if rc := C.sqlite3_prepare_v2(p.db, cq, -1, &st, nil); rc != 0 {
		return nil, p.err(rc)
	}
	return st, nil
}

// err is SQLite's message for rc on the putter's connection.
func (p *putter) err(rc C.int) error {
	if p.db == nil {
		return fmt.Errorf("sqlite code %d", int(rc))
	}
	return errors.New(C.GoString(C.sqlite3_errmsg(p.db)))
}

func (p *putter) close() {
	for _, st := range []*C.sqlite3_stmt{p.ins, p.rel} {
		if st != nil {
			C.sqlite3_finalize(st)
		}
	}
	p.ins, p.rel = nil, nil
	if p.db != nil {
		C.sqlite3_close_v2(p.db)
		p.db = nil
	}
	C.free(unsafe.Pointer(p.owner))
	C.free(p.cbuf)
	p.owner, p.cbuf, p.buf = nil, nil, nil
}

// put stores rows in one transaction, ending their claims in it when
// release is set. It returns the row that failed, or nil where the
// transaction itself did.
func (p *putter) put(rows []Row, release bool) (*Row, error) {
	if err := p.pack(rows); err != nil {
		return nil, err
	}
	rel := p.rel
	if !release {
		rel = nil
	}
	var at C.int
	var msg [256]C.char
	if rc := C.put_rows(p.db, p.ins, rel, (*C.char)(p.cbuf), C.int(len(rows)), &at, &msg[0], C.int(len(msg))); rc != 0 {
		err := errors.New(C.GoString(&msg[0]))
		if at >= 0 {
			return &rows[at], err
		}
		return nil, err
	}
	return nil, nil
}

// pack lays rows out in the buffer as put_rows reads them.
func (p *putter) pack(rows []Row) error {
	const head = int(unsafe.Sizeof(C.put_head{}))
	var turns [][]byte
	size := 0
	for i := range rows {
		r := &rows[i]
		var t []byte
		if r.Completion.ToolTurns != nil {
			b, err := json.Marshal(r.Completion.ToolTurns)
			if err != nil {
				return fmt.Errorf("encode tool turns of %s: %w", r.Key, err)
			}
			if turns == nil {
				turns = make([][]byte, len(rows))
			}
			turns[i], t = b, b
		}
		size += rowSize(r, len(t), head)
	}
	p.grow(size)
	b := p.buf
	for i := range rows {
		r, c := &rows[i], &rows[i].Completion
		var t []byte
		if turns != nil {
			t = turns[i]
		}
		n := rowSize(r, len(t), head)
		h := (*C.put_head)(unsafe.Pointer(&b[0]))
		*h = C.put_head{sample: C.int64_t(r.Sample), prompt_tokens: C.int64_t(c.PromptTokens),
			completion_tokens: C.int64_t(c.CompletionTokens), created_at: C.int64_t(r.CreatedAt.UnixNano()),
			latency: C.double(c.LatencyS), size: C.int32_t(n)}
		if c.MeanEntropy != nil {
			h.has |= C.has_mean_entropy
			h.mean_entropy = C.double(*c.MeanEntropy)
		}
		if c.TailEntropy != nil {
			h.has |= C.has_tail_entropy
			h.tail_entropy = C.double(*c.TailEntropy)
		}
		if c.Score != nil {
			h.has |= C.has_score
			h.score = C.double(*c.Score)
		}
		if c.ToolTurns != nil {
			h.has |= C.has_tool_turns
		}
		at := head
		for k, s := range [...]string{r.Key, r.Cell, r.Problem, r.Model, c.Text, c.Reasoning, c.FinishReason, string(t), r.Err} {
			h.len[k] = C.int32_t(len(s))
			at += copy(b[at:], s)
		}
		b = b[n:]
	}
	return nil
}

// rowSize is the bytes r takes in a put buffer, with turns bytes of tool
// turns.
func rowSize(r *Row, turns, head int) int {
	c := &r.Completion
	n := head + len(r.Key) + len(r.Cell) + len(r.Problem) + len(r.Model) + len(c.Text) + len(c.Reasoning) +
		len(c.FinishReason) + turns + len(r.Err)
	return (n + 7) &^ 7
}

// grow makes the buffer hold at least n bytes.
func (p *putter) grow(n int) {
	if n <= len(p.buf) {
		return
	}
	n = max(n, 2*len(p.buf), 1<<20)
	C.free(p.cbuf)
	p.cbuf = C.malloc(C.size_t(n))
	p.buf = unsafe.Slice((*byte)(p.cbuf), n)
}
