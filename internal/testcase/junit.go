package testcase

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Suite is one test case's result, named, for a JUnit report.
type Suite struct {
	Name   string
	File   string
	Result *Result
	// Error is set when the test case could not run at all.
	Error string
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Time      string      `xml:"time,attr"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Error     *junitFailure `xml:"error,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the results as JUnit XML: a testsuite per test case, a
// testcase per observation; times are virtual seconds.
func WriteJUnit(w io.Writer, suites []Suite) error {
	var out junitSuites
	for _, s := range suites {
		js := junitSuite{Name: s.Name}
		if s.Error != "" {
			js.Tests, js.Errors = 1, 1
			js.Cases = []junitCase{{Name: "run", Classname: s.Name, Time: "0",
				Error: &junitFailure{Message: s.Error, Type: "TestCaseError", Text: s.Error}}}
		} else {
			r := s.Result
			js.Time = secs(r.EndTime.Sub(r.StartTime).Seconds())
			js.Timestamp = r.StartTime.Format("2006-01-02T15:04:05")
			for _, o := range r.Observations {
				jc := junitCase{Name: o.Identifier, Classname: s.Name, Time: "0"}
				if !o.Time.IsZero() {
					jc.Time = secs(o.Time.Sub(r.StartTime).Seconds())
				}
				if o.Status != StatusPassed {
					msg := "not observed"
					if len(o.Failures) > 0 {
						msg = o.Failures[0]
					}
					jc.Failure = &junitFailure{Message: msg, Type: o.Status, Text: strings.Join(o.Failures, "\n")}
					js.Failures++
				}
				if len(o.Logged) > 0 {
					for _, k := range sortedStringKeys(o.Logged) {
						jc.SystemOut += fmt.Sprintf("%s = %s\n", k, o.Logged[k])
					}
				}
				js.Cases = append(js.Cases, jc)
			}
			js.Tests = len(js.Cases)
		}
		out.Tests += js.Tests
		out.Failures += js.Failures
		out.Errors += js.Errors
		out.Suites = append(out.Suites, js)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func secs(s float64) string { return fmt.Sprintf("%.3f", s) }

func sortedStringKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}
