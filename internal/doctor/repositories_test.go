package doctor

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/product"
	"github.com/dynamixs-ai/dxai/mavencheck"
)

// selfRename matches a fix that renames an id to itself.
var selfRename = regexp.MustCompile(`rename <id>([^<]*)</id> to <id>([^<]*)</id>`)

// TestDoctorFixesChangeSomething: over every combination of server id,
// repository ids on GitHub Packages and <server>s present, doctor's
// repository check never suggests renaming an id to itself, and a
// repository whose id already is the server id gets the command that adds
// the missing <server> instead.
func TestDoctorFixesChangeSomething(t *testing.T) {
	ids := []string{product.DefaultServerID, "github", "gh-release"}
	const addServer = `run "mvn-dxai init"`
	for _, serverID := range ids {
		// Each bit of repoMask declares a repository with that id; each
		// bit of serverMask gives that id a <server>.
		for repoMask := 1; repoMask < 1<<len(ids); repoMask++ {
			for serverMask := 0; serverMask < 1<<len(ids); serverMask++ {
				var repos []mavencheck.Repository
				has := map[string]bool{}
				for i, id := range ids {
					if repoMask&(1<<i) != 0 {
						repos = append(repos, mavencheck.Repository{Kind: "repository", ID: id, URL: "https://maven.pkg.github.com/dynamixs-ai/dx-parent"})
					}
					has[id] = serverMask&(1<<i) != 0
				}
				name := fmt.Sprintf("server-id %s, repos %03b, servers %03b", serverID, repoMask, serverMask)
				d := &doctor{t: Targets{ServerID: serverID}}
				d.repositories("pom", "pom.xml", repos, func(id string) bool { return has[id] }, "~/.m2/settings.xml", addServer, true)
				for _, c := range d.checks {
					if m := selfRename.FindStringSubmatch(c.Fix); m != nil && m[1] == m[2] {
						t.Errorf("%s: %s\n  fix: %s: renames an id to itself", name, c.Message, c.Fix)
					}
					if c.Status == Fail && c.Fix == "" {
						t.Errorf("%s: %s: a failure without a fix", name, c.Message)
					}
				}
				if repoMask&1 != 0 && serverID == product.DefaultServerID && !has[product.DefaultServerID] {
					if !hasCheck(d.checks, addServer, "its id is the server id, but ~/.m2/settings.xml has no <server> "+product.DefaultServerID+" yet") {
						t.Errorf("%s: no check says the <server> is missing and how to add it: %+v", name, d.checks)
					}
				}
			}
		}
	}
}

func hasCheck(checks []Check, fix, msg string) bool {
	for _, c := range checks {
		if c.Fix == fix && strings.Contains(c.Message, msg) {
			return true
		}
	}
	return false
}
