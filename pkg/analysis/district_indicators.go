package analysis

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// SchoolIndicators are one school's indicators in a district's data.
// School names the school as ReadDistrict knows it: its id (the file name
// without extension, «s0001») or its name as printed (short or full);
// case and surrounding spaces do not matter.
type SchoolIndicators struct {
	School     string      `json:"school"`
	Indicators []Indicator `json:"indicators"`
}

// HeadingSchoolIndicators is the heading of the schools' indicators in
// the district analysis.
const HeadingSchoolIndicators = "Показатели школ"

// Bounds of a district's indicator data beyond those of one school's.
const (
	// MaxDistrictIndicatorRows bounds the school × indicator entries.
	MaxDistrictIndicatorRows = 20000
	// indicatorsPerTable keeps a table school × indicator legible on a
	// portrait page: the school's name and four numbers.
	indicatorsPerTable = 4
	maxSchoolRef       = 500
)

// ColumnSchool is the first column of the table school × indicator.
const ColumnSchool = "Школа"

// CheckDistrictIndicators checks a district's indicator data: every
// school's indicators as CheckIndicators does, the bounds, a school given
// twice, and one indicator (same name and unit) with different targets,
// directions or decimals at different schools — the district judges all
// schools by one target. where names a place for the message (nil: its
// JSON path); i < 0 names the school itself.
func CheckDistrictIndicators(sis []SchoolIndicators, where func(s, i int, field string) string) error {
	if where == nil {
		where = func(s, i int, field string) string {
			p := "schools[" + strconv.Itoa(s) + "]"
			if i < 0 {
				return p + ".school"
			}
			p += ".indicators[" + strconv.Itoa(i) + "]"
			if field != "" {
				p += "." + field
			}
			return p
		}
	}
	if len(sis) > MaxSchools {
		return &IndicatorError{Msg: fmt.Sprintf("школ %d, допустимо не больше %d", len(sis), MaxSchools)}
	}
	seen := map[string]int{}
	type first struct{ s, i int }
	kinds := map[string]first{}
	rows := 0
	for s, si := range sis {
		name := strings.TrimSpace(si.School)
		switch {
		case name == "":
			return &IndicatorError{Where: where(s, -1, ""), Msg: "не указана школа (ИД — имя файла без расширения — или наименование)"}
		case !utf8.ValidString(name) || utf8.RuneCountInString(name) > maxSchoolRef:
			return &IndicatorError{Where: where(s, -1, ""), Msg: fmt.Sprintf("школа длиннее %d знаков или не в UTF-8", maxSchoolRef)}
		}
		if p, ok := seen[fold(name)]; ok {
			return &IndicatorError{Where: where(s, -1, ""), Msg: fmt.Sprintf("школа «%s» уже указана (%s)", name, where(p, -1, ""))}
		}
		seen[fold(name)] = s
		if len(si.Indicators) == 0 {
			return &IndicatorError{Where: where(s, -1, ""), Msg: fmt.Sprintf("у школы «%s» нет ни одного показателя", name)}
		}
		if err := CheckIndicators(si.Indicators, func(i int, field string) string { return where(s, i, field) }); err != nil {
			return err
		}
		if rows += len(si.Indicators); rows > MaxDistrictIndicatorRows {
			return &IndicatorError{Where: where(s, -1, ""), Msg: fmt.Sprintf("значений школ по показателям больше %d", MaxDistrictIndicatorRows)}
		}
		for i := range si.Indicators {
			in := &si.Indicators[i]
			k := indicatorKey(in)
			f, ok := kinds[k]
			if !ok {
				if len(kinds) >= MaxIndicators {
					return &IndicatorError{Where: where(s, i, "name"), Msg: fmt.Sprintf("разных показателей больше %d", MaxIndicators)}
				}
				kinds[k] = first{s, i}
				continue
			}
			o := &sis[f.s].Indicators[f.i]
			differ := func(field, what string) error {
				return &IndicatorError{Where: where(s, i, field), Msg: fmt.Sprintf("%s показателя «%s» не совпадает с указанным ранее (%s): у показателя одно значение для всех школ района",
					what, strings.TrimSpace(in.Name), where(f.s, f.i, field))}
			}
			switch {
			case in.Target != nil && o.Target != nil && *in.Target != *o.Target:
				return differ("target", "целевое значение")
			case in.Better != "" && o.Better != "" && in.Better != o.Better:
				return differ("better", "направление (лучше больше или меньше)")
			case in.Decimals != nil && o.Decimals != nil && *in.Decimals != *o.Decimals:
				return differ("decimals", "число знаков после запятой")
			}
		}
	}
	return nil
}

// fold is a name as matched: trimmed, spaces collapsed, lower case.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// indicatorKey is what makes indicators of different schools one: the
// name and the unit.
func indicatorKey(in *Indicator) string { return fold(in.Name) + "\x00" + unitKey(in.Unit) }

// rosterSchool is a school of the district as the indicator data may
// name it.
type rosterSchool struct {
	name string   // as printed
	keys []string // folded id and names
}

// roster is the district's schools, read or not, in input order.
func roster(schools []SchoolPlan) []rosterSchool {
	out := make([]rosterSchool, 0, len(schools))
	for _, s := range schools {
		rs := rosterSchool{name: schoolName(s)}
		add := func(v string) {
			if k := fold(v); k != "" && !slices.Contains(rs.keys, k) {
				rs.keys = append(rs.keys, k)
			}
		}
		add(s.ID)
		// A zipped folder's ids carry the folder («район/s0001»); the
		// methodologist writes the file's name.
		add(path.Base(s.ID))
		add(s.Name)
		if s.Plan != nil {
			add(s.Plan.Organization.ShortName)
			add(s.Plan.Organization.FullName)
		}
		add(rs.name)
		out = append(out, rs)
	}
	return out
}

// schoolName is the school's name as the analysis prints it.
func schoolName(s SchoolPlan) string {
	name := strings.TrimSpace(s.Name)
	if name == "" && s.Plan != nil {
		name = strings.TrimSpace(s.Plan.Organization.ShortName)
		if name == "" {
			name = strings.TrimSpace(s.Plan.Organization.FullName)
		}
	}
	if name == "" {
		name = s.ID
	}
	return name
}

// matchSchools finds each entry's school in the roster: at[k] is the
// roster index of sis[k], -1 when it matches none, several, or a school
// an earlier entry took; problems say why, one per entry not matched.
func matchSchools(rs []rosterSchool, sis []SchoolIndicators) (at []int, problems []string) {
	taken := map[int]int{}
	for k, si := range sis {
		key := fold(si.School)
		var hits []int
		for i, r := range rs {
			if slices.Contains(r.keys, key) {
				hits = append(hits, i)
			}
		}
		at = append(at, -1)
		who := "«" + strings.TrimSpace(si.School) + "»"
		switch {
		case len(hits) == 0:
			problems = append(problems, who+" — такой школы нет среди школ района")
		case len(hits) > 1:
			var names []string
			for _, h := range hits {
				names = append(names, "«"+rs[h].name+"»")
			}
			problems = append(problems, who+" — подходит к нескольким школам ("+strings.Join(names, ", ")+"): укажите ИД школы (имя её файла без расширения)")
		default:
			if p, ok := taken[hits[0]]; ok {
				problems = append(problems, who+" — показатели школы «"+rs[hits[0]].name+"» уже указаны как «"+strings.TrimSpace(sis[p].School)+"»")
				continue
			}
			taken[hits[0]] = k
			at[k] = hits[0]
		}
	}
	return at, problems
}

// UnmatchedIndicators are the entries of the indicator data that match no
// school of the district (or several, or one already given), one phrase
// each, as the district analysis lists them; nil when all match.
func UnmatchedIndicators(schools []SchoolPlan, sis []SchoolIndicators) []string {
	_, problems := matchSchools(roster(schools), sis)
	return problems
}

// districtIndicator is one indicator over the district's schools in its
// reporting year: the latest year any school has a value for.
type districtIndicator struct {
	in     Indicator       // name, unit, target, direction; Values: all schools' values
	year   string          // the reporting year
	values map[int]float64 // by roster index, in the reporting year
}

// districtIndicators merges the schools' indicators by name and unit, in
// the order they first appear.
func districtIndicators(sis []SchoolIndicators, at []int) []*districtIndicator {
	var out []*districtIndicator
	byKey := map[string]*districtIndicator{}
	for k, si := range sis {
		if at[k] < 0 {
			continue
		}
		for i := range si.Indicators {
			in := &si.Indicators[i]
			key := indicatorKey(in)
			di := byKey[key]
			if di == nil {
				di = &districtIndicator{in: Indicator{Name: strings.TrimSpace(in.Name), Unit: strings.TrimSpace(in.Unit)}, values: map[int]float64{}}
				byKey[key] = di
				out = append(out, di)
			}
			if di.in.Target == nil {
				di.in.Target = in.Target
			}
			if di.in.Decimals == nil {
				di.in.Decimals = in.Decimals
			}
			if di.in.Better == "" {
				di.in.Better = in.Better
			}
			di.in.Values = append(di.in.Values, in.Values...)
		}
	}
	for _, di := range out {
		for _, v := range di.in.Values {
			di.year = max(di.year, strings.TrimSpace(v.Year))
		}
	}
	for k, si := range sis {
		if at[k] < 0 {
			continue
		}
		for i := range si.Indicators {
			in := &si.Indicators[i]
			di := byKey[indicatorKey(in)]
			for _, v := range in.Values {
				if strings.TrimSpace(v.Year) == di.year {
					di.values[at[k]] = v.Value
				}
			}
		}
	}
	return out
}

// schoolIndicatorBlocks are the part «Показатели школ»: a lead, the
// tables school × indicator (a few indicators each), then per indicator
// its phrase and bar charts by school; entries matching no school are
// listed last.
func schoolIndicatorBlocks(rs []rosterSchool, sis []SchoolIndicators) []document.Block {
	if len(sis) == 0 {
		return nil
	}
	at, problems := matchSchools(rs, sis)
	dis := districtIndicators(sis, at)
	para := func(s string) document.Block { return document.Block{Paragraph: &document.Paragraph{Text: s}} }
	out := []document.Block{heading(HeadingSchoolIndicators)}
	oneYear := len(dis) > 0
	for _, di := range dis {
		oneYear = oneYear && di.year == dis[0].year
	}
	switch {
	case len(dis) == 0:
	case oneYear:
		out = append(out, para("Значения показателей школ за "+dis[0].year+"."))
	default:
		out = append(out, para("Значения показателей школ за последний год, по которому они есть (указан в заголовке столбца)."))
	}
	// As few tables as fit, their columns shared evenly (5: 3 and 2, not
	// 4 and a lone one).
	if n := len(dis); n > 0 {
		tables := (n + indicatorsPerTable - 1) / indicatorsPerTable
		per := (n + tables - 1) / tables
		for from := 0; from < n; from += per {
			out = append(out, document.Block{Table: schoolIndicatorTable(rs, dis[from:min(from+per, n)], !oneYear)})
		}
	}
	for _, di := range dis {
		if p := di.phrase(len(rs)); p != "" {
			out = append(out, para(p))
		}
		for _, c := range di.charts(rs) {
			out = append(out, document.Block{Chart: c})
		}
	}
	if len(problems) > 0 {
		out = append(out, para("Не сопоставлены со школами района и не учтены данные показателей:"))
		l := &document.List{}
		for _, p := range problems {
			l.Items = append(l.Items, document.ListItem{Text: p})
		}
		out = append(out, document.Block{List: l})
	}
	return out
}

// schoolIndicatorTable is schools × indicators in their reporting years,
// with the targets' row when any indicator has one.
func schoolIndicatorTable(rs []rosterSchool, dis []*districtIndicator, withYear bool) *document.Table {
	t := &document.Table{Columns: []document.TableColumn{{Title: ColumnSchool, Width: 32}}}
	w := 68 / float64(len(dis))
	targets := false
	for _, di := range dis {
		d := di.in.decimals()
		title := di.in.Name
		if withYear {
			title += " (" + di.year + ")"
		}
		t.Columns = append(t.Columns, document.TableColumn{Title: title, Unit: di.in.Unit, Width: w, Type: document.ColumnNumber, Decimals: &d})
		targets = targets || di.in.Target != nil
	}
	for i, r := range rs {
		row := []document.Content{document.Text(r.name)}
		for _, di := range dis {
			cell := "—"
			if v, ok := di.values[i]; ok {
				cell = NumberText(v, di.in.decimals())
			}
			row = append(row, document.Text(cell))
		}
		t.Rows = append(t.Rows, row)
	}
	if targets {
		row := []document.Content{document.Text(ColumnTarget)}
		for _, di := range dis {
			cell := "—"
			if di.in.Target != nil {
				cell = NumberText(*di.in.Target, di.in.decimals())
			}
			row = append(row, document.Text(cell))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// reached reports whether v reaches the indicator's target, compared as
// printed.
func (di *districtIndicator) reached(v float64) bool {
	d := di.in.decimals()
	u, t := units(v, d), units(*di.in.Target, d)
	if di.in.Better == BetterLower {
		return u <= t
	}
	return u >= t
}

// phrase is the indicator's facts over the schools in its reporting year:
//
//	Показатель «Средний балл ОГЭ по математике» за 2023-2024: от 3,1 до 4,2 балла; целевое значение 3,8 балла достигли 12 из 40 школ; нет данных у 2 школ.
func (di *districtIndicator) phrase(all int) string {
	if len(di.values) == 0 {
		return ""
	}
	d := di.in.decimals()
	lo, hi := int64(0), int64(0)
	first := true
	for _, v := range di.values {
		u := units(v, d)
		if first || u < lo {
			lo = u
		}
		if first || u > hi {
			hi = u
		}
		first = false
	}
	s := "Показатель «" + di.in.Name + "» за " + di.year + ": "
	if lo == hi {
		s += withUnit(lo, d, di.in.Unit, false)
		if len(di.values) > 1 {
			s += " во всех школах с данными"
		}
	} else {
		s += "от " + unitsText(lo, d) + " до " + withUnit(hi, d, di.in.Unit, true)
	}
	if di.in.Target != nil {
		n := 0
		for _, v := range di.values {
			if di.reached(v) {
				n++
			}
		}
		s += "; целевое значение " + withUnit(units(*di.in.Target, d), d, di.in.Unit, false) + " "
		if n == 0 {
			s += "не достигла ни одна из " + schoolsGen(len(di.values))
		} else {
			s += typo.Plural(n, "достигла", "достигли", "достигли") + " " + number(n) + " из " + schoolsGen(len(di.values))
		}
	}
	if miss := all - len(di.values); miss > 0 {
		s += "; нет данных у " + schoolsGen(miss)
	}
	return s + "."
}

// charts are the indicator's values by school (those with a value), one
// bar chart per MaxChartCategories schools, with the target line.
func (di *districtIndicator) charts(rs []rosterSchool) []*document.Chart {
	var idx []int
	for i := range rs {
		if _, ok := di.values[i]; ok {
			idx = append(idx, i)
		}
	}
	d := di.in.decimals()
	var out []*document.Chart
	n := len(idx)
	for from := 0; from < n; from += document.MaxChartCategories {
		to := min(from+document.MaxChartCategories, n)
		c := &document.Chart{Type: document.ChartBar, Title: di.in.Name + " (" + di.year + ")", Unit: di.in.Unit, Decimals: &d}
		if n > document.MaxChartCategories {
			c.Title += ", школы " + strconv.Itoa(from+1) + "–" + strconv.Itoa(to) + " из " + strconv.Itoa(n)
		}
		ser := document.ChartSeries{Name: di.in.Name}
		for _, i := range idx[from:to] {
			c.Categories = append(c.Categories, rs[i].name)
			ser.Values = append(ser.Values, di.values[i])
		}
		c.Series = []document.ChartSeries{ser}
		if di.in.Target != nil {
			c.Target = &document.ChartTarget{Name: TargetName, Value: *di.in.Target}
		}
		out = append(out, c)
	}
	return out
}
