package typo

// Plural picks the form of a Russian noun that agrees with the number n:
// one for 1, 21, 101 («мероприятие»), few for 2–4, 22–24
// («мероприятия»), many for 0, 5–20, 25–30, 111 («мероприятий»). The
// rule looks at the last two digits only, so it holds for any n; a
// negative n agrees as its absolute value does («−1 год»).
//
// The same rule serves the other cases: after «из» or «у» the forms are
// the genitive ones, Plural(n, "мероприятия", "мероприятий",
// "мероприятий") gives «из 21 мероприятия», «из 18 мероприятий».
func Plural(n int, one, few, many string) string {
	if n < 0 {
		n = -n
	}
	switch d := n % 100; {
	case d >= 11 && d <= 14:
		return many
	case d%10 == 1:
		return one
	case d%10 >= 2 && d%10 <= 4:
		return few
	}
	return many
}
