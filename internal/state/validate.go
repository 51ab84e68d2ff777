package state

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/dynamixs-ai/dxai/registries"
)

// validate refuses a record init could not have written: every reader acts
// on it (the helper hands the token to its registries and writes the token
// to its copies), so nothing in it is taken on trust. Errors name what is
// wrong; Load's caller adds the fix (delete the record, run init again).
func (r Record) validate() error {
	hosts, err := registries.Parse(r.Registries)
	if err != nil {
		return fmt.Errorf("registries: %w", err)
	}
	for _, h := range hosts {
		// init records ghcr.io, or containers.HOST for --github-host.
		if h != registries.Default && !strings.HasPrefix(h, "containers.") {
			return fmt.Errorf("registries: %q is neither %s nor containers.HOST, which is all mvn-dxai init records", h, registries.Default)
		}
	}
	for _, s := range r.Skipped {
		if s != SideMaven && s != SideDocker && s != SideGradle {
			return fmt.Errorf("skipped: unknown side %q", s)
		}
	}
	for i, c := range r.Copies {
		if err := c.validate(); err != nil {
			return fmt.Errorf("copy %d (%s): %w", i+1, c.Kind, err)
		}
	}
	return nil
}

// validate refuses a copy init could not have recorded.
func (c Copy) validate() error {
	if !filepath.IsAbs(c.Path) || strings.ContainsRune(c.Path, 0) {
		return fmt.Errorf("path %q is not an absolute path", c.Path)
	}
	if c.Form != "" && !knownForm(c.Form) {
		return fmt.Errorf("unknown form %q", c.Form)
	}
	if c.CreatedHome && c.Kind != GradleInit {
		return fmt.Errorf("createdHome is recorded for %s, which is not a Gradle init script", c.Path)
	}
	switch c.Kind {
	case MavenSettings:
		if len(c.Servers) == 0 {
			return fmt.Errorf("no <server> is recorded for %s", c.Path)
		}
		for _, s := range c.Servers {
			if strings.TrimSpace(s.ID) == "" {
				return fmt.Errorf("a <server> without an id is recorded for %s", c.Path)
			}
			if s.OldUsername != "" && s.Created {
				return fmt.Errorf("<server> %s is recorded as created by dxai and as having an old username", s.ID)
			}
			if !knownForm(s.Form) {
				return fmt.Errorf("<server> %s has unknown form %q", s.ID, s.Form)
			}
		}
	case DockerConfig:
		if len(c.CredHelpers) == 0 {
			return fmt.Errorf("no credHelpers key is recorded for %s", c.Path)
		}
		for _, h := range c.CredHelpers {
			if n, ok := registries.Normalize(h); !ok || n != h {
				return fmt.Errorf("credHelpers key %q is not a registry host", h)
			}
		}
	case TokenFile, GradleInit:
		if c.CreatedFile || c.CreatedDir {
			return fmt.Errorf("createdFile or createdDir is recorded for %s, which init does not create that way", c.Path)
		}
	default:
		return fmt.Errorf("unknown kind %q", c.Kind)
	}
	return nil
}

func knownForm(f Form) bool { return f == FormToken || f == FormEnv }
