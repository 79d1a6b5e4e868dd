package zipx

import (
	"compress/flate"
	"io"
	"runtime"
)

// pools hold idle compressors, one pool per level (index level -
// flate.HuffmanOnly). A flate.Writer is a few hundred kilobytes of tables:
// a DOCX or XLSX render compresses dozens of parts, and a batch renders
// thousands of documents. The pools are bounded channels, not sync.Pool,
// which drops its contents at garbage collection, exactly when a large
// render has made garbage: a few compressors per CPU are kept for good,
// the rest are left to the collector.
var pools [flate.BestCompression - flate.HuffmanOnly + 1]chan *flate.Writer

func init() {
	for i := range pools {
		pools[i] = make(chan *flate.Writer, runtime.GOMAXPROCS(0))
	}
}

// pooled is a compressor that goes back to its pool on Close.
type pooled struct {
	*flate.Writer
	level int
}

// get returns a compressor at level writing to out.
func get(level int, out io.Writer) (*pooled, error) {
	select {
	case fw := <-pools[level-flate.HuffmanOnly]:
		fw.Reset(out)
		return &pooled{fw, level}, nil
	default:
	}
	fw, err := flate.NewWriter(out, level)
	if err != nil {
		return nil, err
	}
	return &pooled{fw, level}, nil
}

// Close flushes the stream and returns the compressor to its pool, even
// after an error (Reset clears it). The pooled value must not be used
// again.
func (p *pooled) Close() error {
	fw := p.Writer
	if fw == nil {
		return nil
	}
	p.Writer = nil
	err := fw.Close()
	select {
	case pools[p.level-flate.HuffmanOnly] <- fw:
	default:
	}
	return err
}
