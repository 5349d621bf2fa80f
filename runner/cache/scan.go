//go:build cgo

package cache

/*
#include "sqlite.h"

enum { scan_texts = 5 };
enum { scan_start, scan_more, scan_big, scan_end, scan_fail };

// scan_head is the fixed part of a row in a scan buffer; the row's texts
// (key, cell, problem, text, finish_reason) follow it, padded to 8 bytes.
typedef struct {
	int64_t sample;
	double latency, entropy, score;
	int32_t has_entropy, has_score;
	int32_t len[scan_texts];
	int32_t size; // of the whole row, head included
} scan_head;

// scan_fill steps st and copies rows into buf until it is full or the rows
// end, and returns how many it copied. *state says why it stopped:
// scan_more, the buffer is full and st stands on a row still to copy (the
// next call copies it first); scan_end, the rows ended; scan_big, the next
// row alone needs *need bytes, more than cap (st stands on it); scan_fail,
// SQLite's error *code.
static int scan_fill(sqlite3_stmt *st, char *buf, int64_t cap, int *state, int64_t *need, int *code) {
	static const int text_col[scan_texts] = {0, 1, 2, 4, 5};
	int64_t off = 0;
	int n = 0;
	int on_row = *state == scan_more || *state == scan_big;
	for (;;) {
		if (!on_row) {
			int rc = sqlite3_step(st);
			if (rc == sqlite_done) {
				*state = scan_end;
				return n;
			}
			if (rc != sqlite_row) {
				*state = scan_fail;
				*code = rc;
				return n;
			}
		}
		on_row = 0;
		// Each column once: text before its length (the order SQLite's
		// documentation asks for), kept for the copy below.
		const unsigned char *t[scan_texts];
		int l[scan_texts];
		int64_t size = sizeof(scan_head);
		for (int i = 0; i < scan_texts; i++) {
			t[i] = sqlite3_column_text(st, text_col[i]);
			l[i] = sqlite3_column_bytes(st, text_col[i]);
			size += l[i];
		}
		size = (size + 7) & ~(int64_t)7;
		if (off + size > cap) {
			*state = n > 0 ? scan_more : scan_big;
			*need = size;
			return n;
		}
		scan_head *h = (scan_head *)(buf + off);
		h->sample = sqlite3_column_int64(st, 3);
		h->latency = sqlite3_column_double(st, 6);
		h->has_entropy = sqlite3_column_type(st, 7) != sqlite_null;
		h->entropy = h->has_entropy ? sqlite3_column_double(st, 7) : 0;
		h->has_score = sqlite3_column_type(st, 8) != sqlite_null;
		h->score = h->has_score ? sqlite3_column_double(st, 8) : 0;
		h->size = (int32_t)size;
		char *p = buf + off + sizeof(scan_head);
		for (int i = 0; i < scan_texts; i++) {
			h->len[i] = l[i];
			if (l[i] > 0) {
				memcpy(p, t[i], l[i]);
			}
			p += l[i];
		}
		off += size;
		n++;
	}
}
*/
import "C"

import (
	"fmt"
	"net/url"
	"path/filepath"
	"unsafe"
)

// scanQuery reads the successes among a range of rowids, in rowid order;
// its columns are the ones scan_fill copies, in its order.
const scanQuery = "SELECT key, cell, problem, sample, text, finish_reason, latency_s, mean_entropy, score " +
	"FROM generations WHERE rowid >= ?1 AND rowid < ?2 AND error = ''"

// A Scanner reads ranges of the cache's table in storage order, on a
// read-only SQLite connection of its own, a few megabytes of rows per call
// into SQLite rather than a few values per row: reading most of a cache
// this way costs well under a microsecond a row, where looking each key up
// costs several. Use one per goroutine; Close it when done.
type Scanner struct {
	db   *C.sqlite3
	st   *C.sqlite3_stmt
	buf  []byte
	rows []ScanRow // the rows in buf
	path string
}

// NewScanner opens a read-only connection for scanning the cache.
func (s *Store) NewScanner() (*Scanner, error) {
	abs, err := filepath.Abs(s.path)
	if err != nil {
		return nil, err
	}
	param := "mode=ro"
	if s.immutable {
		param = "immutable=1"
	}
	u := url.URL{Scheme: "file", Path: abs, RawQuery: param}
	name := C.CString(u.String())
	defer C.free(unsafe.Pointer(name))
	const openReadOnly, openNoMutex, openURI = 0x1, 0x8000, 0x40
	sc := &Scanner{path: s.path, buf: make([]byte, 4<<20)}
	rc := C.sqlite3_open_v2(name, &sc.db, openReadOnly|openNoMutex|openURI, nil)
	if rc != 0 {
		err := sc.err("open", rc)
		sc.Close()
		return nil, err
	}
	C.sqlite3_busy_timeout(sc.db, 10000)
	q := C.CString(scanQuery)
	defer C.free(unsafe.Pointer(q))
	if rc := C.sqlite3_prepare_v2(sc.db, q, -1, &sc.st, nil); rc != 0 {
		err := sc.err("prepare", rc)
		sc.Close()
		return nil, err
	}
	return sc, nil
}

func (sc *Scanner) err(what string, rc C.int) error {
	msg := fmt.Sprintf("code %d", int(rc))
	if sc.db != nil {
		msg = C.GoString(C.sqlite3_errmsg(sc.db))
	}
	return fmt.Errorf("scan cache %s: %s: %s", sc.path, what, msg)
}

// Close closes the scanner's connection.
func (sc *Scanner) Close() error {
	if sc.st != nil {
		C.sqlite3_finalize(sc.st)
		sc.st = nil
	}
	if sc.db != nil {
		rc := C.sqlite3_close_v2(sc.db)
		sc.db = nil
		if rc != 0 {
			return fmt.Errorf("scan cache %s: close: code %d", sc.path, int(rc))
		}
	}
	return nil
}

// Scan calls fn with every success whose rowid is in [first, end), in
// rowid order, a bufferful of rows at a time, and stops at fn's first
// error, which it returns. The rows and their slices are reused once fn
// returns.
func (sc *Scanner) Scan(first, end int64, fn func([]ScanRow) error) error {
	C.sqlite3_reset(sc.st)
	if rc := C.sqlite3_bind_int64(sc.st, 1, C.int64_t(first)); rc != 0 {
		return sc.err("bind", rc)
	}
	if rc := C.sqlite3_bind_int64(sc.st, 2, C.int64_t(end)); rc != 0 {
		return sc.err("bind", rc)
	}
	defer C.sqlite3_reset(sc.st)
	var (
		state C.int = C.scan_start
		need  C.int64_t
		code  C.int
	)
	for {
		n := C.scan_fill(sc.st, (*C.char)(unsafe.Pointer(&sc.buf[0])), C.int64_t(len(sc.buf)), &state, &need, &code)
		sc.rows = sc.rows[:0]
		b := sc.buf
		for range int(n) {
			h := (*C.scan_head)(unsafe.Pointer(&b[0]))
			sc.rows = append(sc.rows, ScanRow{Sample: int(h.sample), LatencyS: float64(h.latency),
				MeanEntropy: float64(h.entropy), Score: float64(h.score), HasEntropy: h.has_entropy != 0, HasScore: h.has_score != 0})
			row := &sc.rows[len(sc.rows)-1]
			texts := b[unsafe.Sizeof(*h):h.size]
			for i, f := range [...]*[]byte{&row.Key, &row.Cell, &row.Problem, &row.Text, &row.FinishReason} {
				l := int(h.len[i])
				*f, texts = texts[:l:l], texts[l:]
			}
			b = b[h.size:]
		}
		if len(sc.rows) > 0 {
			if err := fn(sc.rows); err != nil {
				return err
			}
		}
		switch state {
		case C.scan_end:
			return nil
		case C.scan_fail:
			return sc.err("read", code)
		case C.scan_big:
			sc.buf = make([]byte, max(int64(need), 2*int64(len(sc.buf))))
		}
	}
}
