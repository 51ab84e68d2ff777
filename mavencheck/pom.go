package mavencheck

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strings"

	"github.com/beevik/etree"
)

// GitHubMavenHost is GitHub Packages' Maven registry.
const GitHubMavenHost = "maven.pkg.github.com"

// Repository is a repository a POM or a settings.xml profile declares.
type Repository struct {
	// Kind is the element, as written: "repository", "pluginRepository",
	// "distributionManagement/repository" or
	// "distributionManagement/snapshotRepository".
	Kind string
	// Profile is the id of the <profile> that declares it, "" for the
	// project itself.
	Profile string
	// ID and URL are the trimmed <id> and <url>, with ${properties} the
	// file defines filled in.
	ID, URL string
}

// Where describes the declaration for messages, e.g.
// "<repository> github in profile release".
func (r Repository) Where() string {
	s := "<" + r.Kind + ">"
	if r.ID != "" {
		s += " " + r.ID
	}
	if r.Profile != "" {
		s += " in profile " + r.Profile
	}
	return s
}

// GitHub reports whether the repository is on GitHub Packages' Maven
// registry.
func (r Repository) GitHub() bool {
	u, err := url.Parse(r.URL)
	return err == nil && strings.EqualFold(u.Hostname(), GitHubMavenHost)
}

// Owner returns the owner segment of a GitHub Packages URL
// (https://maven.pkg.github.com/OWNER/REPOSITORY), "" if it has none.
func (r Repository) Owner() string {
	u, err := url.Parse(r.URL)
	if err != nil {
		return ""
	}
	owner, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	return owner
}

// LowercaseOwner returns the URL with its owner segment in lower case,
// which is what GitHub Packages needs ("uppercase letters aren't
// supported"); the rest of the URL is kept as written.
func (r Repository) LowercaseOwner() string {
	owner := r.Owner()
	host := strings.Index(strings.ToLower(r.URL), GitHubMavenHost)
	if owner == "" || host < 0 {
		return r.URL
	}
	slash := strings.Index(r.URL[host:], "/")
	if slash < 0 {
		return r.URL
	}
	start := host + slash + 1
	if !strings.HasPrefix(r.URL[start:], owner) {
		return r.URL
	}
	return r.URL[:start] + strings.ToLower(owner) + r.URL[start+len(owner):]
}

// ReadRepositoriesFile reads the repositories declared in a pom.xml or a
// settings.xml (see ReadRepositories).
func ReadRepositoriesFile(path string) ([]Repository, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	repos, err := ReadRepositories(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return repos, nil
}

// ReadRepositories reads the repositories an XML document declares. For a
// <project> those are <repositories>, <pluginRepositories> and
// <distributionManagement>, of the project and of each <profile>; for a
// <settings>, those of its profiles. ${name} references to the document's
// own <properties> are filled in; others are left as written.
func ReadRepositories(r io.Reader) ([]Repository, error) {
	doc := etree.NewDocument()
	if _, err := doc.ReadFrom(r); err != nil {
		return nil, err
	}
	root := doc.Root()
	if root == nil {
		return nil, fmt.Errorf("no root element")
	}
	var out []Repository
	switch root.Tag {
	case "project":
		props := properties(root, nil)
		out = append(out, declared(root, "", props)...)
		for _, p := range profiles(root) {
			out = append(out, declared(p, text(p.SelectElement("id")), properties(p, props))...)
		}
	case "settings":
		for _, p := range profiles(root) {
			out = append(out, declared(p, text(p.SelectElement("id")), properties(p, nil))...)
		}
	default:
		return nil, fmt.Errorf("root element is <%s>, not <project> or <settings>", root.Tag)
	}
	return out, nil
}

func profiles(root *etree.Element) []*etree.Element {
	if ps := root.SelectElement("profiles"); ps != nil {
		return ps.SelectElements("profile")
	}
	return nil
}

// declared returns the repositories of a <project> or <profile> element.
func declared(e *etree.Element, profile string, props map[string]string) []Repository {
	var out []Repository
	add := func(parent, list, item, kind string) {
		p := e
		if parent != "" {
			if p = e.SelectElement(parent); p == nil {
				return
			}
		}
		var items []*etree.Element
		if list == "" {
			items = p.SelectElements(item)
		} else if l := p.SelectElement(list); l != nil {
			items = l.SelectElements(item)
		}
		for _, it := range items {
			out = append(out, Repository{
				Kind:    kind,
				Profile: profile,
				ID:      expand(text(it.SelectElement("id")), props),
				URL:     expand(text(it.SelectElement("url")), props),
			})
		}
	}
	add("", "repositories", "repository", "repository")
	add("", "pluginRepositories", "pluginRepository", "pluginRepository")
	add("distributionManagement", "", "repository", "distributionManagement/repository")
	add("distributionManagement", "", "snapshotRepository", "distributionManagement/snapshotRepository")
	return out
}

// properties returns e's <properties> over inherited ones.
func properties(e *etree.Element, inherited map[string]string) map[string]string {
	props := map[string]string{}
	for k, v := range inherited {
		props[k] = v
	}
	if ps := e.SelectElement("properties"); ps != nil {
		for _, p := range ps.ChildElements() {
			props[p.Tag] = text(p)
		}
	}
	return props
}

var reference = regexp.MustCompile(`\$\{([^}]+)\}`)

// expand fills in ${name} from props, a few levels deep.
func expand(s string, props map[string]string) string {
	for range 5 {
		next := reference.ReplaceAllStringFunc(s, func(ref string) string {
			if v, ok := props[ref[2:len(ref)-1]]; ok {
				return v
			}
			return ref
		})
		if next == s {
			break
		}
		s = next
	}
	return s
}

func text(e *etree.Element) string {
	if e == nil {
		return ""
	}
	return strings.TrimSpace(e.Text())
}
