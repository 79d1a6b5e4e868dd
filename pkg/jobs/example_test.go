package jobs_test

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/jobs"
)

func Example() {
	store, err := jobs.New(jobs.Config{TTL: time.Hour})
	if err != nil {
		panic(err)
	}
	defer store.Close()

	// Prepared: held until Start, so that someone can read what it will do.
	id, err := store.Prepare("3 школы", func(ctx context.Context, w io.Writer, progress func(jobs.Progress)) (any, error) {
		for i := range 3 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			fmt.Fprintf(w, "школа %d\n", i+1)
			progress(jobs.Progress{Done: i + 1, Total: 3})
		}
		return map[string]int{"failed": 0}, nil
	})
	if err != nil {
		panic(err)
	}
	if err := store.Start(id); err != nil {
		panic(err)
	}
	for {
		st, err := store.Status(id)
		if err != nil {
			panic(err)
		}
		if st.State.Final() {
			fmt.Println(st.State, st.Progress.Done, "из", st.Progress.Total, st.Summary)
			break
		}
		time.Sleep(10 * time.Millisecond) // a page polls like this, once a second
	}
	f, _, err := store.Open(id)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	data, _ := io.ReadAll(f)
	fmt.Print(string(data))
	// Output:
	// done 3 из 3 map[failed:0]
	// школа 1
	// школа 2
	// школа 3
}
