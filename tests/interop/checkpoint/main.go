// Verifies a Mesh portal's checkpoint with the Go project's own signed-note code
// (golang.org/x/mod/sumdb/note), as a monitor or witness would: it fetches URL/checkpoint,
// opens it with the portal's verifier key, and prints the origin, tree size and root hash.
// Built offline against Debian's golang-golang-x-mod-dev:
//   GOPATH=/usr/share/gocode GO111MODULE=off GOPROXY=off go run . URL VKEY
package main

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

func main() {
	if len(os.Args) != 3 {
		fail("usage: checkpoint URL VKEY")
	}
	verifier, err := note.NewVerifier(os.Args[2])
	if err != nil {
		fail("vkey: %v", err)
	}
	response, err := http.Get(os.Args[1] + "/checkpoint")
	if err != nil {
		fail("get: %v", err)
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil || response.StatusCode != 200 {
		fail("get: status %d, %v", response.StatusCode, err)
	}
	opened, err := note.Open(body, note.VerifierList(verifier))
	if err != nil {
		fail("open: %v", err)
	}
	// C2SP tlog-checkpoint: origin, decimal size, base64 root, optional extension lines.
	lines := strings.Split(opened.Text, "\n")
	if len(lines) < 4 || lines[0] != verifier.Name() {
		fail("not a checkpoint of %s: %q", verifier.Name(), opened.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	root, err2 := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || err2 != nil || len(root) != 32 {
		fail("malformed checkpoint: %q", opened.Text)
	}
	fmt.Printf("%s %d %x\n", lines[0], size, root)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "checkpoint: "+format+"\n", args...)
	os.Exit(1)
}
