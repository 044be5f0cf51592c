package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/connect-local/connect-local/internal/clock"
	"github.com/connect-local/connect-local/internal/invoke"
	"github.com/connect-local/connect-local/internal/testcase"
)

// errTestsFailed makes `connect-local test` exit 1 without another line.
var errTestsFailed = errors.New("test cases failed")

// testCmd runs test cases against a directory of flow files without a
// server (docs/testing.md#connect-local-test).
func testCmd(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	flows := fs.String("flows", env("CONNECT_LOCAL_FLOWS", ""), "directory of flow files (the JSON the Connect console exports, one flow per file; a test's EntryPoint FlowId names a file without .json) (env CONNECT_LOCAL_FLOWS)")
	junit := fs.String("junit", "", "also write the results as JUnit XML to this file")
	lambdaEP, lexEP := endpointFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: connect-local test --flows DIR [--junit FILE] [--lambda-endpoint URL] [--lex-endpoint URL] TESTFILE...

Runs Amazon Connect test cases (each file the JSON body of a CreateTestCase
request: Name, EntryPoint, Content as a string, InitializationData) against
the flows in DIR, each on its own virtual timeline, without a server. Prints
every observation's result; exits 1 if any test case fails.`)
		fs.PrintDefaults()
	}
	var files []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return err
		}
		args = fs.Args()
		if len(args) > 0 {
			files, args = append(files, args[0]), args[1:]
		}
	}
	if *flows == "" || len(files) == 0 {
		fs.Usage()
		return errors.New("give --flows DIR and at least one test file")
	}
	loaded, err := testcase.LoadFlows(*flows)
	if err != nil {
		return err
	}
	lambdaClient, lexClient, err := invokeClients(*lambdaEP, *lexEP)
	if err != nil {
		return err
	}
	world := &testcase.FileWorld{Flows: loaded, Lambda: lambdaClient, Lex: lexClient}
	start := clock.Real{}.Now()
	var suites []testcase.Suite
	failed := 0
	for i, file := range files {
		s := testcase.Suite{File: file, Name: file}
		spec, err := testcase.ReadSpec(file)
		var tc *testcase.TestCase
		if err == nil {
			s.Name = spec.Name
			tc, err = testcase.Parse(spec.Content)
		}
		if err != nil {
			s.Error = err.Error()
			fmt.Fprintf(stdout, "ERROR %s\n  %s\n", s.Name, strings.ReplaceAll(s.Error, "\n", "\n  "))
			failed++
			suites = append(suites, s)
			continue
		}
		flowID, channel, src, dst := spec.FlowID()
		r := testcase.Run(tc, testcase.Options{World: world, FlowID: flowID, Channel: channel, SourcePhone: src, DestinationPhone: dst,
			ContactID: fmt.Sprintf("test-%d", i+1), Start: start, InitializationData: spec.InitializationData})
		s.Result = r
		suites = append(suites, s)
		verdict := "PASS"
		if r.Status != testcase.StatusPassed {
			verdict = "FAIL"
			failed++
		}
		fmt.Fprintf(stdout, "%s %s (%d/%d observations, %s virtual)\n", verdict, s.Name, r.Passed(), len(r.Observations), r.EndTime.Sub(r.StartTime))
		for _, o := range r.Observations {
			line := fmt.Sprintf("  %-12s %s", o.Status, o.Identifier)
			if o.Event != "" {
				line += fmt.Sprintf("  at +%s: %s", o.Time.Sub(r.StartTime), o.Event)
			}
			fmt.Fprintln(stdout, line)
			for _, f := range o.Failures {
				fmt.Fprintf(stdout, "      %s\n", f)
			}
			for _, k := range sortedKeys(o.Logged) {
				fmt.Fprintf(stdout, "      %s = %s\n", k, o.Logged[k])
			}
		}
	}
	if *junit != "" {
		var b bytes.Buffer
		if err := testcase.WriteJUnit(&b, suites); err != nil {
			return err
		}
		if err := os.WriteFile(*junit, b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "%d test cases, %d failed\n", len(files), failed)
	if failed > 0 {
		return errTestsFailed
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// endpointFlags adds --lambda-endpoint and --lex-endpoint (serve and test).
func endpointFlags(fs *flag.FlagSet) (lambda, lex *string) {
	lambda = fs.String("lambda-endpoint", env("CONNECT_LOCAL_LAMBDA_ENDPOINT", ""),
		"AWS Lambda API endpoint (e.g. http://127.0.0.1:3001) that InvokeLambdaFunction blocks call; none: they take their Error branch (env CONNECT_LOCAL_LAMBDA_ENDPOINT)")
	lex = fs.String("lex-endpoint", env("CONNECT_LOCAL_LEX_ENDPOINT", ""),
		"Amazon Lex V2 runtime endpoint that ConnectParticipantWithLexBot blocks call (RecognizeText); none: they take their Error branch (env CONNECT_LOCAL_LEX_ENDPOINT)")
	return lambda, lex
}

// invokeClients makes the Lambda and Lex clients, signing with the AWS
// credentials in the environment (AWS_ACCESS_KEY_ID, …; "test" without).
func invokeClients(lambdaEP, lexEP string) (*invoke.Client, *invoke.Client, error) {
	for name, ep := range map[string]string{"--lambda-endpoint": lambdaEP, "--lex-endpoint": lexEP} {
		if ep == "" {
			continue
		}
		u, err := url.Parse(ep)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, nil, fmt.Errorf("%s %q must be an http:// or https:// URL", name, ep)
		}
	}
	creds := aws.Credentials{AccessKeyID: os.Getenv("AWS_ACCESS_KEY_ID"), SecretAccessKey: os.Getenv("AWS_SECRET_ACCESS_KEY"), SessionToken: os.Getenv("AWS_SESSION_TOKEN")}
	return invoke.New(invoke.Options{Endpoint: lambdaEP, Credentials: creds}), invoke.New(invoke.Options{Endpoint: lexEP, Credentials: creds}), nil
}
