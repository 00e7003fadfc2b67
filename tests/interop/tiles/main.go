// Verifies a Mesh portal's log from its C2SP tiles alone with the Go project's own code
// (golang.org/x/mod/sumdb/note and sumdb/tlog), as a monitor would: it opens URL/mmm/checkpoint
// with the portal's verifier key, recomputes the root from the hash tiles, hashes every entry of the
// entry bundles against the level-0 tiles, proves one record's inclusion and an older checkpoint's
// consistency, each with tlog's proofs read through the tiles.
// Built offline against Debian's golang-golang-x-mod-dev:
//
//	GOPATH=/usr/share/gocode GO111MODULE=off GOPROXY=off go run . URL VKEY OLDNOTE INDEX
//
// x/mod names tiles with a height (tile/8/L/N, tile/8/data/N); C2SP paths have none (tile/L/N,
// tile/entries/N), so the paths are rewritten here, not on the portal.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8

var base string

func main() {
	if len(os.Args) != 5 {
		fail("usage: tiles URL VKEY OLDNOTE INDEX")
	}
	base = os.Args[1] + "/mmm/"
	verifier, err := note.NewVerifier(os.Args[2])
	if err != nil {
		fail("vkey: %v", err)
	}
	size, root := checkpoint(get("checkpoint"), verifier)
	oldText, err := os.ReadFile(os.Args[3])
	if err != nil {
		fail("old note: %v", err)
	}
	oldSize, oldRoot := checkpoint(oldText, verifier)
	index, err := strconv.ParseInt(os.Args[4], 10, 64)
	if err != nil || index < 0 || index >= size {
		fail("index %s is not in a log of %d", os.Args[4], size)
	}

	reader := tileReader{size: size, tiles: map[string][]byte{}}
	hashed, err := tlog.TreeHash(size, reader)
	if err != nil || hashed != root {
		fail("the hash tiles do not add up to the checkpoint's root: %v %v", hashed, err)
	}

	// Every entry of every bundle hashes to its leaf in the level-0 tiles.
	var record []byte
	for start := int64(0); start < size; start += 1 << height {
		width := min64(size-start, 1<<height)
		entries := bundle(start>>height, width)
		leaves := reader.tile(tlog.Tile{H: height, L: 0, N: start >> height, W: int(width)})
		for i, entry := range entries {
			if !bytes.Equal(leaves[i*tlog.HashSize:(i+1)*tlog.HashSize], hashBytes(tlog.RecordHash(entry))) {
				fail("entry %d does not hash to its leaf", start+int64(i))
			}
			if start+int64(i) == index {
				record = entry
			}
		}
	}

	proof, err := tlog.ProveRecord(size, index, reader)
	if err != nil || tlog.CheckRecord(proof, size, root, index, tlog.RecordHash(record)) != nil {
		fail("record %d: no valid inclusion proof: %v", index, err)
	}
	tree, err := tlog.ProveTree(size, oldSize, reader)
	if err != nil || tlog.CheckTree(tree, size, root, oldSize, oldRoot) != nil {
		fail("checkpoint %d is not consistent with %d: %v", oldSize, size, err)
	}
	fmt.Printf("%s %d %x\nentries %d\nrecord %d ok\ntree %d ok\n", verifier.Name(), size, root[:], size, index, oldSize)
}

// checkpoint opens a C2SP checkpoint note: origin, decimal size, base64 root.
func checkpoint(text []byte, verifier note.Verifier) (int64, tlog.Hash) {
	opened, err := note.Open(text, note.VerifierList(verifier))
	if err != nil {
		fail("open: %v", err)
	}
	lines := strings.Split(opened.Text, "\n")
	if len(lines) < 4 || lines[0] != verifier.Name() {
		fail("not a checkpoint of %s: %q", verifier.Name(), opened.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	root, err2 := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || err2 != nil || len(root) != tlog.HashSize {
		fail("malformed checkpoint: %q", opened.Text)
	}
	var hash tlog.Hash
	copy(hash[:], root)
	return size, hash
}

// tileReader reads tlog's stored hashes out of the C2SP hash tiles of a tree of the given size.
type tileReader struct {
	size  int64
	tiles map[string][]byte
}

func (r tileReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	hashes := make([]tlog.Hash, len(indexes))
	for i, index := range indexes {
		t := tlog.TileForIndex(height, index)
		// The tile as the tree has it: full, or as wide as the tree reaches at its level.
		t.W = int(min64(r.size>>(height*t.L)-t.N<<height, 1<<height))
		hash, err := tlog.HashFromTile(t, r.tile(t), index)
		if err != nil {
			return nil, err
		}
		hashes[i] = hash
	}
	return hashes, nil
}

func (r tileReader) tile(t tlog.Tile) []byte {
	path := c2sp(t.Path())
	if data, ok := r.tiles[path]; ok {
		return data
	}
	data := get(path)
	if len(data) != t.W*tlog.HashSize {
		fail("%s holds %d bytes, not %d hashes", path, len(data), t.W)
	}
	r.tiles[path] = data
	return data
}

// bundle reads the C2SP entry bundle n of the given width: entries with big-endian uint16 lengths.
func bundle(n, width int64) [][]byte {
	t := tlog.Tile{H: height, L: -1, N: n, W: int(width)}
	data := get(c2sp(t.Path()))
	var entries [][]byte
	for len(data) > 0 {
		if len(data) < 2 || int(binary.BigEndian.Uint16(data)) > len(data)-2 {
			fail("bundle %d is truncated", n)
		}
		length := int(binary.BigEndian.Uint16(data))
		entries = append(entries, data[2:2+length])
		data = data[2+length:]
	}
	if int64(len(entries)) != width {
		fail("bundle %d holds %d entries, not %d", n, len(entries), width)
	}
	return entries
}

// c2sp rewrites x/mod's tile/8/L/N and tile/8/data/N as C2SP's tile/L/N and tile/entries/N.
func c2sp(path string) string {
	path = strings.Replace(path, "tile/8/data/", "tile/entries/", 1)
	return strings.Replace(path, "tile/8/", "tile/", 1)
}

// min64 stands in for the min built-in, which Go 1.19 lacks.
func min64(a, b int64) int64 {
	if a < b {
		return a
	}
	return b
}

func hashBytes(h tlog.Hash) []byte { return h[:] }

func get(path string) []byte {
	response, err := http.Get(base + path)
	if err != nil {
		fail("get %s: %v", path, err)
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil || response.StatusCode != 200 {
		fail("get %s: status %d, %v", path, response.StatusCode, err)
	}
	return body
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "tiles: "+format+"\n", args...)
	os.Exit(1)
}
