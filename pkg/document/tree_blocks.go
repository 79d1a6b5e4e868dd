package document

// The body's blocks read from the decoder's tree (see tree.go).

func (b *Block) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "heading":
			b.Heading, err = treePtr(v, (*Heading).fromTree)
		case "paragraph":
			b.Paragraph, err = treePtr(v, (*Paragraph).fromTree)
		case "list":
			b.List, err = treePtr(v, (*List).fromTree)
		case "passport":
			b.Passport, err = treePtr(v, (*Passport).fromTree)
		case "plan":
			b.Plan, err = treePtr(v, (*Plan).fromTree)
		case "table":
			b.Table, err = treePtr(v, (*Table).fromTree)
		case "signature":
			b.Signature, err = treePtr(v, (*Signature).fromTree)
		case "page_break":
			b.PageBreak, err = treePtr(v, (*PageBreak).fromTree)
		case "contents":
			b.Contents, err = treePtr(v, (*Contents).fromTree)
		case "chart":
			b.Chart, err = treePtr(v, (*Chart).fromTree)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (h *Heading) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "text":
			h.Text, err = treeString(v)
		case "level":
			h.Level, err = treeInt(v)
		case "align":
			h.Align, err = treeString(v)
		case "numbered":
			h.Numbered, err = treeBoolPtr(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (p *Paragraph) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "text":
			p.Text, err = treeString(v)
		case "align":
			p.Align, err = treeString(v)
		case "indent":
			p.Indent, err = treeBoolPtr(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (l *List) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "ordered":
			l.Ordered, err = treeBool(v)
		case "marker":
			l.Marker, err = treeString(v)
		case "start":
			l.Start, err = treeInt(v)
		case "items":
			l.Items, err = treeSlice(v, (*ListItem).fromTree)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

// fromTree is ListItem.UnmarshalJSON: a string is {"text": …}.
func (it *ListItem) fromTree(v any) error {
	if s, ok := v.(string); ok {
		*it = ListItem{Text: s}
		return nil
	}
	return treeStruct(v, it, func(it *ListItem, m map[string]any) error {
		var fe fieldErr
		for k, v := range m {
			var err error
			switch k {
			case "text":
				it.Text, err = treeString(v)
			case "list":
				it.List, err = treePtr(v, (*List).fromTree)
			default:
				err = errUnknownField
			}
			fe.add(k, err)
		}
		return fe.result()
	})
}

func (p *Passport) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "rows":
			p.Rows, err = treeSlice(v, structElem((*PassportRow).fromTree))
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (r *PassportRow) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "label":
			r.Label, err = treeString(v)
		case "value":
			err = r.Value.fromTree(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

// fromTree is Content.UnmarshalJSON: a string is one paragraph, an array
// holds strings and parts, and an empty array (or null) is nil content.
func (c *Content) fromTree(v any) error {
	switch x := v.(type) {
	case string:
		*c = Content{{Text: x}}
		return nil
	case []any:
		if len(x) == 0 {
			*c = nil
			return nil
		}
		out := make(Content, len(x))
		for i, e := range x {
			if s, ok := e.(string); ok {
				out[i] = Part{Text: s}
				continue
			}
			if err := treeStruct(e, &out[i], (*Part).fromTree); err != nil {
				return err
			}
		}
		*c = out
		return nil
	case nil:
		*c = nil
		return nil
	}
	return treeTypeError(v, "строка или массив")
}

func (p *Part) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "text":
			p.Text, err = treeString(v)
		case "list":
			p.List, err = treePtr(v, (*List).fromTree)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (p *Plan) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "columns":
			p.Columns, err = treeSlice(v, structElem((*Column).fromTree))
		case "numbering":
			p.Numbering, err = treeString(v)
		case "items":
			p.Items, err = treeSlice(v, (*Measure).fromTree)
		case "sections":
			p.Sections, err = treeSlice(v, structElem((*Section).fromTree))
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (c *Column) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "key":
			c.Key, err = treeString(v)
		case "title":
			c.Title, err = treeString(v)
		case "width":
			c.Width, err = treeFloat(v)
		case "align":
			c.Align, err = treeString(v)
		case "required":
			c.Required, err = treeBool(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (s *Section) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "number":
			s.Number, err = treeString(v)
		case "title":
			s.Title, err = treeString(v)
		case "items":
			s.Items, err = treeSlice(v, (*Measure).fromTree)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

// fromTree is Measure.UnmarshalJSON: the reserved keys are fields, every
// other key a cell; the cells' map exists even when empty (and for null).
func (ms *Measure) fromTree(v any) error {
	var m map[string]any
	switch x := v.(type) {
	case map[string]any:
		m = x
	case nil:
	default:
		return treeTypeError(v, "объект")
	}
	out := Measure{Cells: make(map[string]Content, len(m))}
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "number":
			out.Number, err = treeString(v)
		case "status":
			var s string
			s, err = treeString(v)
			out.Status = Status(s)
		case "note":
			out.Note, err = treeString(v)
		default:
			var c Content
			err = c.fromTree(v)
			out.Cells[k] = c
		}
		fe.add(k, err)
	}
	if err := fe.result(); err != nil {
		return err
	}
	*ms = out
	return nil
}

func (t *Table) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "columns":
			t.Columns, err = treeSlice(v, structElem((*TableColumn).fromTree))
		case "header":
			t.Header, err = treeBoolPtr(v)
		case "groups":
			t.Groups, err = treeSlice(v, structElem((*TableGroup).fromTree))
		case "total_row":
			t.TotalRow, err = treeString(v)
		case "rows":
			t.Rows, err = treeSlice(v, func(row *[]Content, v any) (err error) {
				*row, err = treeSlice(v, (*Content).fromTree)
				return err
			})
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (c *TableColumn) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "title":
			c.Title, err = treeString(v)
		case "width":
			c.Width, err = treeFloat(v)
		case "type":
			c.Type, err = treeString(v)
		case "unit":
			c.Unit, err = treeString(v)
		case "decimals":
			c.Decimals, err = treeIntPtr(v)
		case "align":
			c.Align, err = treeString(v)
		case "total":
			c.Total, err = treeBool(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (g *TableGroup) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "title":
			g.Title, err = treeString(v)
		case "from":
			g.From, err = treeInt(v)
		case "span":
			g.Span, err = treeInt(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (s *Signature) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "position":
			s.Position, err = treeString(v)
		case "name":
			s.Name, err = treeString(v)
		case "date":
			s.Date, err = treeString(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (*PageBreak) fromTree(m map[string]any) error {
	var fe fieldErr
	for k := range m {
		fe.add(k, errUnknownField)
	}
	return fe.result()
}

func (c *Contents) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "title":
			c.Title, err = treeString(v)
		case "levels":
			c.Levels, err = treeInt(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (c *Chart) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "type":
			c.Type, err = treeString(v)
		case "title":
			c.Title, err = treeString(v)
		case "categories":
			c.Categories, err = treeSlice(v, stringElem)
		case "series":
			c.Series, err = treeSlice(v, structElem((*ChartSeries).fromTree))
		case "stacked":
			c.Stacked, err = treeBool(v)
		case "unit":
			c.Unit, err = treeString(v)
		case "decimals":
			c.Decimals, err = treeIntPtr(v)
		case "target":
			c.Target, err = treePtr(v, (*ChartTarget).fromTree)
		case "legend":
			c.Legend, err = treeBoolPtr(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (s *ChartSeries) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "name":
			s.Name, err = treeString(v)
		case "values":
			s.Values, err = treeSlice(v, floatElem)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}

func (t *ChartTarget) fromTree(m map[string]any) error {
	var fe fieldErr
	for k, v := range m {
		var err error
		switch k {
		case "name":
			t.Name, err = treeString(v)
		case "value":
			t.Value, err = treeFloat(v)
		default:
			err = errUnknownField
		}
		fe.add(k, err)
	}
	return fe.result()
}
