package dockerconfig

import (
	"slices"
	"testing"
)

// TestNotSentTo: the hosts docker would not ask our helper for, whether
// their entry is missing or names another helper; where "credHelpers"
// stands twice, the one docker reads counts.
func TestNotSentTo(t *testing.T) {
	c, err := Parse([]byte(`{"credHelpers":{"ghcr.io":"dxai","quay.io":"other","a.example":"dxai"},
  "credHelpers":{"ghcr.io":"dxai","b.example":"dxai"}}`), "config.json")
	if err != nil {
		t.Fatal(err)
	}
	hosts := []string{"quay.io", "ghcr.io", "missing.example", "b.example", "a.example"}
	if got, want := c.NotSentTo("dxai", hosts), []string{"quay.io", "missing.example"}; !slices.Equal(got, want) {
		t.Errorf("NotSentTo = %q, want %q", got, want)
	}
	if got := New().NotSentTo("dxai", nil); got != nil {
		t.Errorf("no hosts: %q", got)
	}
}
