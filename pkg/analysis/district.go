package analysis

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// MaxSchools bounds the schools of one district roll-up (and the entries
// of a folder or zip ReadDistrict reads): every school is a row of the
// printed tables.
const MaxSchools = 2000

// SchoolPlan is one school of a district: its plan with the monitoring
// marks, or why it could not be read.
type SchoolPlan struct {
	ID   string // the file's name without extension, or the registry's id
	Name string // as printed; empty: the plan's organisation, else ID
	Plan *document.Document
	// Source is where the plan was read from («s0001.xlsx»), for messages.
	Source string
	// Problem says why the school's data could not be read (Plan is nil);
	// the school is listed in the analysis as «не прочитан: Problem».
	Problem string
}

// SchoolFacts are the counts of one school of a district.
type SchoolFacts struct {
	ID, Name, Source string
	Counts           Counts
	// Problem is set for a school whose data could not be read or counted.
	Problem string
}

// Share is the school's completion share in tenths of a per cent.
func (s SchoolFacts) Share() int64 { return tenths(s.Counts.Done, s.Counts.Total) }

func tenths(part, whole int) int64 {
	if whole <= 0 {
		return 0
	}
	return (int64(part)*2000 + int64(whole)) / (2 * int64(whole))
}

// DistrictReport is the roll-up of a district's monitoring at a date.
type DistrictReport struct {
	Date time.Time
	// Schools are the schools counted, in input order; Unread are those
	// whose data could not be read, in input order, with their Problem.
	Schools []SchoolFacts
	Unread  []SchoolFacts
	Total   Counts
	// Period is the plans' period when every plan counted has the same.
	Period *document.Period
	// Organization is the schools' common parent body, District and
	// Region their common ones, when they have them.
	Parent, District, Region string
	// roster is every school, read or not, in input order, as indicator
	// data may name it.
	roster []rosterSchool
}

// WithOverdue are the schools with overdue measures, most overdue first
// (ties in input order).
func (r *DistrictReport) WithOverdue() []SchoolFacts {
	var out []SchoolFacts
	for _, s := range r.Schools {
		if s.Counts.Overdue > 0 {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Counts.Overdue > out[j].Counts.Overdue })
	return out
}

// ErrNoSchools is returned for a district without a single school.
var ErrNoSchools = errors.New("нет ни одной школы: в каталоге или архиве не найдено книг мониторинга (.xlsx) или документов JSON")

// DistrictFacts counts every school's measures at date (as Facts does for
// one plan) and the district's totals. A school without a plan or whose
// plan cannot be counted goes to Unread with the reason; it never stops
// the roll-up.
func DistrictFacts(schools []SchoolPlan, date time.Time) (*DistrictReport, error) {
	if date.IsZero() {
		return nil, errors.New("не указана дата отчёта")
	}
	if len(schools) == 0 {
		return nil, ErrNoSchools
	}
	if len(schools) > MaxSchools {
		return nil, fmt.Errorf("школ больше %d: такой район не анализируется одним документом", MaxSchools)
	}
	r := &DistrictReport{Date: time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC), roster: roster(schools)}
	var periods []*document.Period
	var parents, districts, regions []string
	for _, s := range schools {
		f := SchoolFacts{ID: s.ID, Name: schoolName(s), Source: s.Source, Problem: strings.TrimSpace(s.Problem)}
		if f.Problem == "" && s.Plan == nil {
			f.Problem = "нет данных школы"
		}
		if f.Problem == "" {
			rep, err := Facts(s.Plan, r.Date)
			if err != nil {
				f.Problem = err.Error()
			} else {
				f.Counts = rep.Total
				periods = append(periods, rep.Period)
				o := s.Plan.Organization
				parents, districts, regions = append(parents, o.Parent), append(districts, o.District), append(regions, o.Region)
			}
		}
		if f.Problem != "" {
			r.Unread = append(r.Unread, f)
			continue
		}
		r.Schools = append(r.Schools, f)
		r.Total.addCounts(f.Counts)
	}
	r.Parent, r.District, r.Region = common(parents), common(districts), common(regions)
	if len(periods) > 0 && periods[0] != nil {
		same := true
		for _, p := range periods[1:] {
			same = same && p != nil && *p == *periods[0]
		}
		if same {
			p := *periods[0]
			r.Period = &p
		}
	}
	return r, nil
}

func (c *Counts) addCounts(o Counts) {
	c.Done += o.Done
	c.InProgress += o.InProgress
	c.NotStarted += o.NotStarted
	c.Overdue += o.Overdue
	c.Cancelled += o.Cancelled
	c.None += o.None
	c.Total += o.Total
}

// common is the one non-empty value all of vs share, else "".
func common(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	first := strings.TrimSpace(vs[0])
	for _, v := range vs[1:] {
		if strings.TrimSpace(v) != first {
			return ""
		}
	}
	return first
}

// Schools is n and «школа» agreeing with it: «1 школа», «2 школы»,
// «5 школ».
func Schools(n int) string {
	return strconv.Itoa(n) + " " + typo.Plural(n, "школа", "школы", "школ")
}

// schoolsGen is n and «школа» in the genitive, as after «у», «из» and «по
// данным»: «у 1 школы», «у 2 школ», «из 21 школы».
func schoolsGen(n int) string {
	return strconv.Itoa(n) + " " + typo.Plural(n, "школы", "школ", "школ")
}

// number is an integer as the analysis prints it: digit groups joined by
// no-break spaces («1 120»).
func number(n int) string { return document.FormatNumber(int64(n), 0) }

// percentTenths is a share in tenths of a per cent as printed: «72,5 %».
func percentTenths(t int64) string { return document.FormatNumber(t, 1) + "\u00a0%" }

// Summary is the paragraphs of the district's computed facts, in the
// order DistrictDocument prints them; target is the completion share the
// district aims at, in tenths of a per cent (0: none).
func (r *DistrictReport) Summary(target int64) []string {
	t := r.Total
	date := DateText(r.Date)
	all := len(r.Schools) + len(r.Unread)
	var out []string
	done := "выполнено " + number(t.Done) + " из " + number(t.Total) + " " +
		typo.Plural(t.Total, "мероприятия", "мероприятий", "мероприятий")
	if t.Total > 0 {
		done += " (" + Percent(t.Done, t.Total) + ")"
	}
	if len(r.Unread) == 0 {
		out = append(out, "По состоянию на "+date+" в районе "+Schools(all)+", "+done+".")
	} else {
		out = append(out, "По состоянию на "+date+" в районе "+Schools(all)+"; по данным "+schoolsGen(len(r.Schools))+" "+done+".",
			"Не прочитаны данные "+schoolsGen(len(r.Unread))+" (перечислены в разделе «"+HeadingUnread+"»); их мероприятия не учтены.")
	}
	if t.Total == 0 {
		return out
	}
	var parts []string
	for _, p := range []struct {
		label string
		n     int
	}{
		{"в работе", t.InProgress}, {"не начато", t.NotStarted}, {"просрочено", t.Overdue},
		{"отменено", t.Cancelled}, {"без отметки о выполнении", t.None},
	} {
		if p.n > 0 {
			parts = append(parts, p.label+" — "+number(p.n)+" "+typo.Plural(p.n, "мероприятие", "мероприятия", "мероприятий"))
		}
	}
	if len(parts) > 0 {
		out = append(out, "В целом по району "+strings.Join(parts, ", ")+".")
	}
	if n := len(r.WithOverdue()); n > 0 {
		out = append(out, "Просроченные мероприятия есть у "+schoolsGen(n)+" из "+number(len(r.Schools))+
			"; всего просрочено "+number(t.Overdue)+" "+typo.Plural(t.Overdue, "мероприятие", "мероприятия", "мероприятий")+
			" ("+Percent(t.Overdue, t.Total)+").")
	} else {
		out = append(out, "Просроченных мероприятий нет ни в одной школе.")
	}
	lo, hi := int64(-1), int64(-1)
	for _, s := range r.Schools {
		if s.Counts.Total == 0 {
			continue
		}
		v := s.Share()
		if lo < 0 || v < lo {
			lo = v
		}
		hi = max(hi, v)
	}
	if lo >= 0 && len(r.Schools) > 1 {
		if lo == hi {
			out = append(out, "Доля выполненных мероприятий во всех школах — "+percentTenths(lo)+".")
		} else {
			out = append(out, "Доля выполненных мероприятий в школах — от "+percentTenths(lo)+" до "+percentTenths(hi)+".")
		}
	}
	if target > 0 {
		n := 0
		for _, s := range r.Schools {
			if s.Counts.Total > 0 && s.Share() >= target {
				n++
			}
		}
		out = append(out, "Целевого значения "+percentTenths(target)+" "+typo.Plural(n, "достигла", "достигли", "достигли")+" "+
			Schools(n)+" из "+number(len(r.Schools))+".")
	}
	return out
}
