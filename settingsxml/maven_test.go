package settingsxml

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
)

// TestMavenReadsOurServer proves against the real Maven that the files we
// write give it the credentials: Maven resolves a parent POM from a loopback
// repository that answers 401 without the right Basic credentials (the
// recipe in TESTING.md). Skipped with -short or without mvn on PATH.
func TestMavenReadsOurServer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Maven")
	}
	mvn, err := exec.LookPath("mvn")
	if err != nil {
		keyringtest.Skip(t, "mvn is not on PATH (install maven)")
	}
	const user, pass = "alice", `ghp_<&"'>]]>x`
	parent := `<project><modelVersion>4.0.0</modelVersion><groupId>ai.dynamixs.test</groupId>` +
		`<artifactId>dx-parent</artifactId><version>1.0</version><packaging>pom</packaging></project>`
	repo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != user || p != pass {
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		if r.URL.Path == "/ai/dynamixs/test/dx-parent/1.0/dx-parent-1.0.pom" {
			w.Write([]byte(parent))
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(repo.Close) // not defer: the parallel subtests run after this function returns

	cases := []struct {
		name, in  string
		transform []string
		server    Server
		env       []string
		ok        bool
	}{{
		name: "utf8-bom-crlf-update",
		in: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<settings>\n  <servers>\n" +
			"    <server>\n      <id> dynamixs-ai </id>\n      <username>old</username>\n" +
			"      <password>old</password>\n      <configuration><timeout>9000</timeout></configuration>\n" +
			"    </server>\n  </servers>\n</settings>",
		transform: []string{"crlf", "bom"},
		server:    Server{ID: "dynamixs-ai", Username: user, Password: pass},
		ok:        true,
	}, {
		name: "latin1-new-server-env",
		in: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<!-- für Jörg -->\n<settings>\n" +
			"\t<servers>\n\t\t<server>\n\t\t\t<id>büro</id>\n\t\t\t<password>grüße</password>\n" +
			"\t\t</server>\n\t</servers>\n</settings>\n",
		transform: []string{"latin1"},
		server:    Server{ID: "dynamixs-ai", Username: "${env.DXAI_USER}", Password: pass},
		env:       []string{"DXAI_USER=" + user},
		ok:        true,
	}, {
		name:   "wrong-password-fails",
		in:     "<settings/>",
		server: Server{ID: "dynamixs-ai", Username: user, Password: "wrong"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			d, err := Parse(transform(t, []byte(c.in), c.transform), "in.xml")
			if err != nil {
				t.Fatal(err)
			}
			d.Upsert(c.server)
			settings := filepath.Join(dir, "settings.xml")
			pom := `<project><modelVersion>4.0.0</modelVersion>` +
				`<parent><groupId>ai.dynamixs.test</groupId><artifactId>dx-parent</artifactId><version>1.0</version><relativePath/></parent>` +
				`<artifactId>child</artifactId><packaging>pom</packaging>` +
				`<repositories><repository><id>dynamixs-ai</id><url>` + repo.URL + `</url></repository></repositories></project>`
			for name, data := range map[string][]byte{"settings.xml": d.Bytes(), "pom.xml": []byte(pom)} {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command(mvn, "-B", "-s", settings, "-Dmaven.repo.local="+filepath.Join(dir, "m2"), "validate")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "HOME="+dir)
			cmd.Env = append(cmd.Env, c.env...)
			out, err := cmd.CombinedOutput()
			if ok := err == nil && strings.Contains(string(out), "BUILD SUCCESS"); ok != c.ok {
				t.Fatalf("mvn succeeded: %v, want %v (%v)\n%s\nsettings.xml:\n%s", ok, c.ok, err, out, d.Bytes())
			}
			if !c.ok && !strings.Contains(string(out), "401") {
				t.Errorf("mvn failed, but not with 401:\n%s", out)
			}
		})
	}
}
