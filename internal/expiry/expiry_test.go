package expiry

import (
	"strings"
	"testing"
	"time"
)

func TestNotice(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, kept, want string
	}{
		{"no date", "", ""},
		{"unreadable", "next week", ""},
		{"far", Format(now.Add(30 * 24 * time.Hour)), ""},
		{"eight days", Format(now.Add(8 * 24 * time.Hour)), ""},
		{"six days", Format(now.Add(6 * 24 * time.Hour)), "expires on " + Day(now.Add(6*24*time.Hour)) + ", in 6 days"},
		{"hours", Format(now.Add(5 * time.Hour)), "in 5 hours"},
		{"minutes", Format(now.Add(5 * time.Minute)), "in less than 2 hours"},
		{"now", Format(now), "expired on " + Day(now)},
		{"past", Format(now.Add(-72 * time.Hour)), "expired on " + Day(now.Add(-72*time.Hour)) + ", so the registries refuse it"},
	} {
		got, fix := Notice(c.kept, now)
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("%s: Notice(%q) = %q, want it to hold %q", c.name, c.kept, got, c.want)
		}
		// The fix is apart, for a hint line of its own.
		if got != "" && (strings.Contains(got, "\n") || strings.Contains(got, "create a new token") || fix != Fix) {
			t.Errorf("%s: %q, fix %q: want one line, and the fix apart", c.name, got, fix)
		}
		if got == "" && fix != "" {
			t.Errorf("%s: a fix %q with nothing to say", c.name, fix)
		}
	}
}

// TestLeftCountsCalendarDays: the days left are calendar days in UTC, not
// whole 24-hour spans, so the count matches the date shown beside it.
func TestLeftCountsCalendarDays(t *testing.T) {
	at := func(day, hour int) time.Time { return time.Date(2026, 12, day, hour, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		exp, now time.Time
		want     string
	}{
		{at(4, 0), at(1, 23), "in 3 days"}, // 49 hours, but three dates on
		{at(4, 0), at(1, 0), "in 3 days"},
		{at(4, 23), at(1, 0), "in 3 days"},
		{at(3, 1), at(1, 23), "in 2 days"},
		{at(2, 18), at(1, 6), "tomorrow"},
		{at(2, 1), at(1, 20), "in 5 hours"},
		{at(1, 20), at(1, 19), "in less than 2 hours"},
		{time.Date(2026, 12, 4, 0, 30, 0, 0, time.FixedZone("X", -5*3600)), at(1, 12), "in 3 days"}, // 12-04 05:30 UTC
	} {
		if got := Left(c.exp, c.now); got != c.want {
			t.Errorf("Left(%v, %v) = %q, want %q", c.exp, c.now, got, c.want)
		}
	}
	if got := Message(at(4, 0), at(1, 23)); !strings.Contains(got, "expires on 2026-12-04, in 3 days") {
		t.Errorf("Message = %q, want the date and the days left to agree", got)
	}
}

func TestFormatParse(t *testing.T) {
	at := time.Date(2021, 10, 7, 19, 7, 53, 0, time.FixedZone("JST", 9*3600))
	got, ok := Parse(Format(at))
	if !ok || !got.Equal(at) {
		t.Errorf("Parse(Format(%v)) = %v, %v", at, got, ok)
	}
	if Format(time.Time{}) != "" {
		t.Errorf("the zero time must be kept as no date")
	}
}
