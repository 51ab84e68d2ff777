// Package state remembers, without any secret, what mvn-dxai init set up:
// which settings.xml holds the server entry, under which id and in which
// form, and which docker config was wired. The helper reads it after
// docker login stored a new token, to carry that token into Maven; sync,
// status, doctor and logout read it to find the files again.
package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dynamixs-ai/dxai/internal/atomicfile"
)

// State is what init configured. Empty paths mean that side was skipped.
type State struct {
	// Settings is the settings.xml holding our server, ServerID its id.
	Settings string `json:"settings,omitempty"`
	ServerID string `json:"serverId,omitempty"`
	// Plaintext says the server holds the token itself (kept in step with
	// the keyring); false means ${env.DXAI_TOKEN}, which needs no update.
	Plaintext bool `json:"plaintext,omitempty"`
	// DockerConfig is the docker config.json given credHelpers entries.
	DockerConfig string `json:"dockerConfig,omitempty"`
	// Registries are the registries init wired, as registries.Record
	// writes them (empty: ghcr.io).
	Registries string `json:"registries,omitempty"`
	// Gradle is the Gradle init script init installed (gradleinit).
	Gradle string `json:"gradle,omitempty"`
}

// Path is the state file: $XDG_CONFIG_HOME/dxai/state.json (or the
// platform's user config folder).
func Path() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the user config folder: %w", err)
	}
	return filepath.Join(dir, "dxai", "state.json"), nil
}

// Load reads the state; a missing file is the zero State.
func Load() (State, error) {
	var s State
	path, err := Path()
	if err != nil {
		return s, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return State{}, fmt.Errorf("%s: %v", path, err)
	}
	return s, nil
}

// Save writes the state, unless it is unchanged.
func Save(s State) error {
	path, err := Path()
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	_, err = atomicfile.Update(path, 0o600, func([]byte, bool) ([]byte, error) { return data, nil })
	return err
}

// Remove deletes the state file; a missing one is fine.
func Remove() error {
	path, err := Path()
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
