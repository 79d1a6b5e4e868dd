package kartograf

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"sync"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// A preparation writes the document's canonical JSON once: its hash is
// the input hash every format records, and the XLSX stores the bytes
// themselves (view.Meta.JSON), which it used to marshal a second time.
// The bytes are written into a pooled buffer and copied out at their
// exact size, so a preparation allocates them once, not the doublings of
// a growing buffer.

// jsonPool holds the buffers canonical JSON is written into.
var jsonPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledJSON bounds the buffers kept for reuse: a 10 000-row plan's
// JSON is a few MiB, and an idle process should not hold it.
const maxPooledJSON = 1 << 20

// maxKeptJSON bounds the canonical JSON a preparation keeps for the XLSX
// meta sheet. A longer document's JSON is only hashed, as it is written,
// and the XLSX writes it again (streaming, as before): holding the JSON of
// a 20 000-measure plan (several MiB, plus the buffer's doublings) through
// a PDF render would undo the render's bounded memory.
const maxKeptJSON = 1 << 20

// canonicalJSON is document.WriteJSON's bytes of d, or nil when they are
// longer than maxKeptJSON, and their input hash ("sha256:<hex>", as
// InputHashContext gives it). A cancelled ctx gives ctx.Err() itself.
func canonicalJSON(ctx context.Context, d *document.Document) ([]byte, string, error) {
	buf := jsonPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledJSON {
			jsonPool.Put(buf)
		}
	}()
	w := &keepHash{h: sha256.New(), buf: buf}
	if err := document.WriteJSON(ctx, w, d); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
			return nil, "", err
		}
		return nil, "", fmt.Errorf("хеш документа: %w", err)
	}
	hash := "sha256:" + hex.EncodeToString(w.h.Sum(nil))
	if w.over {
		return nil, hash, nil
	}
	return bytes.Clone(buf.Bytes()), hash, nil
}

// keepHash hashes what is written and keeps it in buf until it passes
// maxKeptJSON; from then on it only hashes.
type keepHash struct {
	h    hash.Hash
	buf  *bytes.Buffer
	over bool
}

func (k *keepHash) Write(p []byte) (int, error) {
	k.h.Write(p)
	if !k.over {
		if k.buf.Len()+len(p) > maxKeptJSON {
			k.over = true
			k.buf.Reset()
		} else {
			k.buf.Write(p)
		}
	}
	return len(p), nil
}
