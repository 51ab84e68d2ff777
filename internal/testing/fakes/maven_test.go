package fakes

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dynamixs-ai/dxai/internal/testing/keyringtest"
)

func newMaven(t *testing.T, tokens ...string) *MavenRepo {
	t.Helper()
	m, err := NewMavenRepo(tokens...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Close() })
	return m
}

func TestMavenRepoHTTP(t *testing.T) {
	m := newMaven(t, goodPAT)
	m.DenyAccess(revokedPAT)
	repo := m.PutParentPOM()
	pom := repo + "/" + ParentPOMPath

	a := do(t, "GET", pom, "")
	a.want(t, 401, "")
	if got := a.header.Get("WWW-Authenticate"); got != `Basic realm="GitHub Package Registry"` {
		t.Errorf("challenge = %q", got)
	}
	do(t, "GET", pom, basic("x", "ghp_wrong")).want(t, 401, "")
	do(t, "GET", pom, basic("x", revokedPAT)).want(t, 403, "")
	do(t, "GET", pom, basic("anyone", goodPAT)).want(t, 200, strings.TrimSpace(ParentPOM))
	do(t, "GET", pom, "token "+goodPAT).want(t, 200, "")
	do(t, "GET", pom+".sha1", basic("anyone", goodPAT)).want(t, 200, "")
	do(t, "GET", repo+"/no/such/1.0/such-1.0.jar", basic("anyone", goodPAT)).want(t, 404, "")

	do(t, "PUT", repo+"/a/b/1/b-1.pom", "").want(t, 401, "")
	do(t, "PUT", repo+"/a/b/1/b-1.pom", basic("u", goodPAT)).want(t, 201, "")
	if got, want := m.Puts(), []string{MavenRepoPath + "/a/b/1/b-1.pom"}; !slices.Equal(got, want) {
		t.Errorf("Puts = %q, want %q", got, want)
	}
	if m.Unauthorized() != 3 {
		t.Errorf("Unauthorized = %d, want 3", m.Unauthorized())
	}
	seen := m.Seen()
	if len(seen) != 7 || seen[0] != (Credential{"basic", "x", "ghp_wrong"}) || seen[3] != (Credential{"token", "", goodPAT}) {
		t.Errorf("Seen = %+v", seen)
	}
}

// mavenProject writes settings.xml (server "dynamixs-ai" with token) and a
// child pom.xml, and returns the folder. Java takes user.home from passwd,
// so mvn always gets -s (TESTING.md).
func mavenProject(t *testing.T, pom, token, extraSettings string) string {
	t.Helper()
	dir := t.TempDir()
	settings := `<settings>
  <servers>
    <server><id>dynamixs-ai</id><username>octocat</username><password>` + token + `</password></server>
  </servers>` + extraSettings + `
</settings>
`
	for name, data := range map[string]string{"settings.xml": settings, "pom.xml": pom} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func mvn(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	args = append([]string{"-B", "-s", filepath.Join(dir, "settings.xml"),
		"-Dmaven.repo.local=" + filepath.Join(dir, "m2")}, args...)
	cmd := exec.Command("mvn", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir, "MAVEN_OPTS=-Duser.home="+dir)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// localCentral returns settings that keep Maven off the network: central
// (repository and plugin repository) is redefined as a local file URL, and
// with a plugin repository given, a mirror sends everything but our
// repository there (TESTING.md "Publishing: a real mvn deploy, offline").
// An empty url points central at a folder that does not exist.
func localCentral(url string) string {
	mirror := ""
	if url == "" {
		url = "file:///nonexistent/dxai-empty-central"
	} else {
		mirror = `
  <mirrors><mirror><id>local</id><url>` + url + `</url><mirrorOf>*,!dynamixs-ai</mirrorOf></mirror></mirrors>`
	}
	return mirror + `
  <profiles><profile><id>local-central</id>
    <repositories><repository><id>central</id><url>` + url + `</url>
      <releases><checksumPolicy>ignore</checksumPolicy></releases></repository></repositories>
    <pluginRepositories><pluginRepository><id>central</id><url>` + url + `</url>
      <releases><checksumPolicy>ignore</checksumPolicy></releases></pluginRepository></pluginRepositories>
  </profile></profiles>
  <activeProfiles><activeProfile>local-central</activeProfile></activeProfiles>`
}

// TestMavenParentPOM resolves the parent POM with the real Maven, as in
// TESTING.md "Maven without Maven Central".
func TestMavenParentPOM(t *testing.T) {
	if _, err := exec.LookPath("mvn"); err != nil {
		keyringtest.Skip(t, "mvn is not on PATH (install maven)")
	}
	m := newMaven(t, goodPAT)
	repo := m.PutParentPOM()
	pom := ChildPOM("dynamixs-ai", repo)

	out, err := mvn(t, mavenProject(t, pom, goodPAT, localCentral("")), "validate")
	if err != nil || !strings.Contains(out, "BUILD SUCCESS") {
		t.Fatalf("mvn validate with the right token: %v\n%s", err, out)
	}
	// Maven's first request carries no credentials (GITHUB.md §3).
	if m.Unauthorized() == 0 {
		t.Error("Maven sent credentials before the 401 challenge; expected a challenge first")
	}
	if seen := m.Seen(); len(seen) == 0 || seen[len(seen)-1] != (Credential{"basic", "octocat", goodPAT}) {
		t.Errorf("Seen = %+v", seen)
	}

	out, err = mvn(t, mavenProject(t, pom, "ghp_wrong", localCentral("")), "validate")
	if err == nil || !strings.Contains(out, "Non-resolvable parent POM") || !strings.Contains(out, "401") {
		t.Fatalf("mvn validate with a wrong token: %v\n%s", err, out)
	}
}

// TestMavenDeploy publishes with a real `mvn deploy`, offline through
// Debian's plugin repository, as in TESTING.md "Publishing".
func TestMavenDeploy(t *testing.T) {
	if _, err := exec.LookPath("mvn"); err != nil {
		keyringtest.Skip(t, "mvn is not on PATH (install maven)")
	}
	if _, err := os.Stat("/usr/share/maven-repo/org/apache/maven/plugins/maven-deploy-plugin/3.0.0"); err != nil {
		keyringtest.Skip(t, "Debian's maven-deploy-plugin 3.0.0 is missing (install libmaven-deploy-plugin-java libmaven-install-plugin-java)")
	}
	m := newMaven(t, goodPAT)
	local := localCentral("file:///usr/share/maven-repo")
	pom := `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ai.dynamixs.test</groupId>
  <artifactId>dx-lib</artifactId>
  <version>1.0</version>
  <packaging>pom</packaging>
  <distributionManagement><repository><id>dynamixs-ai</id><url>` + m.RepoURL() + `</url></repository></distributionManagement>
  <build><plugins>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-install-plugin</artifactId><version>3.1.0</version></plugin>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-deploy-plugin</artifactId><version>3.0.0</version></plugin>
  </plugins></build>
</project>
`
	out, err := mvn(t, mavenProject(t, pom, goodPAT, local), "deploy")
	if err != nil || !strings.Contains(out, "BUILD SUCCESS") {
		t.Fatalf("mvn deploy with the right token: %v\n%s", err, out)
	}
	want := MavenRepoPath + "/ai/dynamixs/test/dx-lib/1.0/dx-lib-1.0.pom"
	if !slices.Contains(m.Puts(), want) {
		t.Errorf("Puts = %q, want it to contain %q", m.Puts(), want)
	}

	out, err = mvn(t, mavenProject(t, pom, "ghp_wrong", local), "deploy")
	if err == nil || !strings.Contains(out, "401") {
		t.Fatalf("mvn deploy with a wrong token: %v\n%s", err, out)
	}
}
