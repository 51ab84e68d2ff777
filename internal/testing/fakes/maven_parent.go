package fakes

import "fmt"

// The test parent POM TESTING.md's Maven recipe resolves: Maven 3.8.7 here
// cannot download plugins, but it resolves a parent POM, with settings.xml
// credentials, before any plugin runs.
const (
	ParentGroupID    = "ai.dynamixs.test"
	ParentArtifactID = "dx-parent"
	ParentVersion    = "1.0"
	// ParentPOMPath is the parent POM's path below a repository root.
	ParentPOMPath = "ai/dynamixs/test/dx-parent/1.0/dx-parent-1.0.pom"
	// MavenRepoPath is the /OWNER/REPOSITORY part PutParentPOM uses, so a
	// repository URL looks like maven.pkg.github.com's.
	MavenRepoPath = "dynamixs-ai/dx-parent"
)

// ParentPOM is the content of ai.dynamixs.test:dx-parent:1.0.
const ParentPOM = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ai.dynamixs.test</groupId>
  <artifactId>dx-parent</artifactId>
  <version>1.0</version>
  <packaging>pom</packaging>
</project>
`

// PutParentPOM stores ParentPOM (its .sha1 is computed) under MavenRepoPath
// and returns that repository's URL, "http://127.0.0.1:PORT/dynamixs-ai/dx-parent".
func (m *MavenRepo) PutParentPOM() string {
	m.Put(MavenRepoPath+"/"+ParentPOMPath, []byte(ParentPOM))
	return m.RepoURL()
}

// RepoURL is the URL of the MavenRepoPath repository.
func (m *MavenRepo) RepoURL() string { return m.URL() + "/" + MavenRepoPath }

// ChildPOM returns a pom.xml (packaging pom) whose parent is ParentPOM,
// resolved from a <repository> with the given id and URL — the server id
// settings.xml must hold the credentials under.
func ChildPOM(repoID, repoURL string) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>%s</groupId>
    <artifactId>%s</artifactId>
    <version>%s</version>
    <relativePath/>
  </parent>
  <artifactId>dx-child</artifactId>
  <packaging>pom</packaging>
  <repositories>
    <repository>
      <id>%s</id>
      <url>%s</url>
    </repository>
  </repositories>
</project>
`, ParentGroupID, ParentArtifactID, ParentVersion, repoID, repoURL)
}
