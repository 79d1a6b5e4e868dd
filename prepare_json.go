package kartograf

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
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

// canonicalJSON is document.WriteJSON's bytes of d and their input hash
// ("sha256:<hex>", as InputHashContext gives it). A cancelled ctx gives
// ctx.Err() itself.
func canonicalJSON(ctx context.Context, d *document.Document) ([]byte, string, error) {
	buf := jsonPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooledJSON {
			jsonPool.Put(buf)
		}
	}()
	if err := document.WriteJSON(ctx, buf, d); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
			return nil, "", err
		}
		return nil, "", fmt.Errorf("хеш документа: %w", err)
	}
	sum := sha256.Sum256(buf.Bytes())
	return bytes.Clone(buf.Bytes()), "sha256:" + hex.EncodeToString(sum[:]), nil
}
