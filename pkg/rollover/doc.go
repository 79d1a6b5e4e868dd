// Package rollover turns last year's roadmap into next year's draft.
//
// Roll deep-copies a document.Document and moves it forward by whole years:
// from the academic year (or calendar year) of its period to the one the
// methodologist names. It rewrites only the digits of years that clearly
// belong to the plan, keeps every normative reference intact, clears the
// requisites of the old approvals and resets monitoring, and returns a Report
// of every string it changed and every year it deliberately left alone.
//
// # What moves
//
// The period (academic_year, year, from, to; a date of the period is read
// as officials write it, document.ParseWrittenDate, and only its year's
// digits change: «"1" сентября 2023 года» → «"1" сентября 2024 года»), and
// in the title, subtitle and
// body the years that stand in a deadline or plan-year context:
//
//   - a month name in any case before the year: «Февраль 2024г.»,
//     «до 1 сентября 2024 г.», «в мае 2024 года»;
//   - a range of consecutive years with any dash, slash and spacing, which
//     moves as a whole: «2023-2024 учебный год», «2023-2024учебный»,
//     «2023/2024», «2023 – 2024», «2022-2023 гг.», «2023/24»;
//   - an examination tag: «ГИА-2024», «ГИА - 2024», «ОГЭ-2024», «ЕГЭ-2024»,
//     «ВПР-2024», «государственной итоговой аттестации-2024»;
//   - a quarter, half-year, term: «I квартал 2024 г.», «1 полугодие 2024 г.»;
//   - a full date ДД.ММ.ГГГГ that is not a document's requisite;
//   - a year followed by «год», «году», «г.», «гг.»… («на 2022 год»,
//     «в 2022 году») when it lies within three years of the source period;
//   - in deadline cells (a plan column keyed deadline or titled «Срок…», a
//     passport row or table column labelled «Срок…») and in the title and
//     subtitle, a bare year within three years of the source period.
//
// Only digits change: spacing, dash kind, «г.» versus «г» stay as written.
//
// # What stays
//
// Every year found (1990–2100) that does not move is listed in Report.Kept
// with a reason in Russian:
//
//   - a full date in a sentence naming a law, decree, order, protocol,
//     programme and the like («Федеральный закон от 29.12.2012 №273-ФЗ»),
//     or any date introduced by «от»: the requisites of a document;
//   - years inside the «quoted» title of such an act («Приказ … от
//     22.04.2023г. «Об утверждении … на 2023г.»»);
//   - years in the narrative of an analysis: Paragraph, List and Table
//     blocks of an analysis document, and of the part of any other document
//     that follows a heading naming «анализ» or «справка» (until the next
//     plan, passport or plan heading);
//   - ranges of several years («2021-2025 гг.»), years far from the period,
//     and years with no recognisable context;
//   - years in the organization, place, the names and titles of stamps and
//     signatures.
//
// Headings, passports and plans follow the ordinary rules everywhere, also
// inside the analysis part.
//
// Numbers after «№» are not years and are neither moved nor reported.
//
// # What is cleared
//
// Document.Date and Document.Number; each Approval's Date and Number, and in
// its Basis the number and date are replaced by placeholders keeping the
// type of the document («приказ № 55 от 31.08.2023г.» → «приказ № ___ от
// __.__.____»; a number inside «quotes», «МБОУ «СОШ № 3»», stays); in a
// stamp written line by line (Approval.Lines) the same in each line that
// carries requisites — a date, or a line starting «Протокол», «приказ»,
// «от …» — while the other lines (position, «_____ И.О. Фамилия», «М.п.»)
// stay as written; a Signature's Date; each Measure's Status and Note.
package rollover
