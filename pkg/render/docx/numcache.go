package docx

import (
	"compress/flate"
	"context"
	"strconv"
	"sync"

	"github.com/kartograf-ru/kartograf/internal/zipx"
)

// numbering.xml is the template's numbering with one <w:num> per list the
// document prints, so documents of a template version with the same lists
// have the same part: 13 KB of seed 001's 100 KB deflated again for every
// document. The compiled template keeps the part deflated by its lists.
// The bytes are those Deflate writes: a flate stream is a function of the
// data and the level alone.

// maxNumberingCache bounds a template version's deflated numbering parts
// (about a kilobyte each); when full it starts again.
const maxNumberingCache = 256

type numCache struct {
	mu  sync.Mutex
	raw map[string]zipx.Raw // by numsKey
}

// numsKey is what numbering.xml depends on besides the template.
func numsKey(nums []numInst) string {
	b := make([]byte, 0, len(nums)*16)
	for _, n := range nums {
		b = strconv.AppendInt(b, int64(n.id), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(n.abstract), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(n.level), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(n.start), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(len(n.lvl)), 10)
		b = append(b, ',')
		b = append(b, n.lvl...)
		b = append(b, ';')
	}
	return string(b)
}

// numberingRaw is numbering.xml with nums, deflated as zipx.Writer's
// Deflate does (BestSpeed).
func (c *compiled) numberingRaw(ctx context.Context, nums []numInst) (zipx.Raw, error) {
	key := numsKey(nums)
	nc := &c.numCache
	nc.mu.Lock()
	raw, ok := nc.raw[key]
	nc.mu.Unlock()
	if ok {
		return raw, nil
	}
	raw, err := zipx.Compress(ctx, []byte(c.withNums(nums)), flate.BestSpeed)
	if err != nil {
		return zipx.Raw{}, err
	}
	nc.mu.Lock()
	if nc.raw == nil || len(nc.raw) >= maxNumberingCache {
		nc.raw = map[string]zipx.Raw{}
	}
	nc.raw[key] = raw
	nc.mu.Unlock()
	return raw, nil
}
