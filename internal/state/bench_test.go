package state

import (
	"path/filepath"
	"testing"
)

// BenchmarkLoadFrom is what the helper's every get pays to learn the
// served registries from the record (docs/performance.md): a record as
// init leaves it (a settings.xml and a docker config), and none at all.
// Compare it with the get median of make bench, not with a fixed time.
func BenchmarkLoadFrom(b *testing.B) {
	dir := b.TempDir()
	typical := PathIn(dir)
	r := Record{Version: Version, Registries: "containers.ghe.example.com", Copies: []Copy{
		{Kind: MavenSettings, Path: filepath.Join(dir, ".m2", "settings.xml"), Servers: []Server{{ID: "github", Form: FormEnv, Created: true}}},
		{Kind: DockerConfig, Path: filepath.Join(dir, ".docker", "config.json"), CredHelpers: []string{"containers.ghe.example.com"}},
	}}
	if err := SaveTo(typical, r); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, path string }{
		{"record", typical},
		{"none", filepath.Join(dir, "missing", "state.json")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := LoadFrom(bc.path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
