package pdf

import "github.com/kartograf-ru/kartograf/pkg/render/view"

func (l *layout) PageBreak(*view.PageBreak) error { return nil }

func (l *layout) Contents(*view.Contents) error { return nil }
