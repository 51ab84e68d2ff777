package product

import "testing"

func TestAnd(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"ghcr.io"}, "ghcr.io"},
		{[]string{"ghcr.io", "containers.example.com"}, "ghcr.io and containers.example.com"},
		{[]string{"a", "b", "c"}, "a, b and c"},
	} {
		if got := And(c.in); got != c.want {
			t.Errorf("And(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
