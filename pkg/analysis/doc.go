// Package analysis computes the analysis of how a roadmap was carried out
// («Анализ реализации дорожной карты») from the plan's monitoring data.
//
// Facts reads every measure of a plan — wherever its plan blocks are, in
// sections or in a plan of measures without sections — with its
// monitoring status, note and written deadline, and counts, per section
// and in total, the measures by status at a reporting date. A measure
// that is neither done nor cancelled is overdue when the monitoring says
// so or when its deadline, as officials write it, has passed at the
// reporting date (rollover.DeadlineEnd reads «Май 2023г.», «до
// 31.08.2024», «IV квартал 2023», «по расписанию ГИА-2024», «в течение
// года» within the plan's period …). A deadline that cannot be placed in
// time («по запросу») is never overdue by date; such measures are counted
// and listed as «срок не определён», so nothing is lost. A measure done
// while its deadline is still ahead is done ahead of time.
//
// Build turns the facts into a document of kind "analysis" for the
// template analysis-report@1.0.0: a paragraph of facts in correct Russian
// («Выполнено 14 из 18 мероприятий (77,8 %)»), a table by section and
// status with totals, the tables of overdue, cancelled, early and undated
// measures, then the methodologist's own conclusions and tasks and the
// signature. Every word in it is a computed fact, a fixed phrase of the
// template, or the user's own.
//
// District rolls up the monitoring of a district's schools (ReadDistrict
// reads their workbooks from a folder or zip, bounded, a bad file becoming
// its school's Problem) into the municipal analysis: completion per school
// as a table and a chart, the schools with overdue measures, the totals by
// status and the schools whose data could not be read.
//
// Options.Indicators (ReadIndicators reads them from JSON or from a sheet
// kept in Excel) add «Динамика показателей» after the sections: a table
// of indicators × years with the change against the previous year and the
// target, and per indicator a phrase («Значение показателя «…» выросло с
// 3,4 до 3,7 балла (+0,3); целевое значение 3,8 не достигнуто») and a
// line chart (a column for one year) with the target line.
//
// DistrictOptions.Indicators (ReadDistrictIndicators reads them, by
// school, from JSON or from the same sheet with a column «Школа») add
// «Показатели школ» to the district analysis: tables school × indicator
// in each indicator's latest year with the targets' row, and per
// indicator a phrase («целевое значение 3,8 балла достигли 12 из 40
// школ») and bar charts by school; an entry matching no school is listed.
package analysis
