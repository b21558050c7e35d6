// Package analyzerdoc reads an analyzer's documentation from its doc.go,
// so that the package comment is the single source of it (as in x/tools).
package analyzerdoc

import "strings"

// Extract returns the "# Analyzer NAME" section of the package comment in
// the format Analyzer.Doc wants (title line, blank line, body), falling
// back to the whole comment rather than panicking.
func Extract(src, name string) string {
	var lines []string
	for _, l := range strings.Split(src, "\n") {
		if !strings.HasPrefix(l, "//") {
			if len(lines) > 0 {
				break
			}
			continue
		}
		l = strings.TrimPrefix(strings.TrimPrefix(l, "//"), " ")
		lines = append(lines, l)
	}
	text := strings.Join(lines, "\n")
	_, section, ok := strings.Cut(text, "# Analyzer "+name+"\n")
	if !ok {
		return text
	}
	section = strings.TrimSpace(section)
	section = strings.TrimPrefix(section, name+": ")
	return section
}
