package wire

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// decodeLikeDecoder is what decodeInput did before parseValid.
func decodeLikeDecoder(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	err := dec.Decode(&doc)
	return doc, err
}

var parseCorpus = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-1.5e+10`, `"s"`, ` {"a" : 1 } `, "\t\r\n{\"a\":[]}\n",
	`{"InstanceId":"i","ContactFlowId":"f","Name":"w"}`,
	`{"tags":{"k1":"2"}}`,
	`{"a":1,"a":2,"A":3}`,
	`{"a":{"b":{"c":[1,[2,[3,{}]],null,true,false,"x"]}}}`,
	`{"n":[0,-0,1e400,123456789012345678901234567890,1.0E-7,-2.5e3]}`,
	`{"s":"quote \" backslash \\ slash \/ \b\f\n\r\t"}`,
	`{"u":"\u00e9\u2028\ud83d\ude00 lone \ud800 \udc00 end"}`,
	"{\"raw\":\"é 日本 \xff\xfe invalid \xed\xa0\x80 surrogate\"}",
	"{\"k\xff\":\"v\",\"\\u0041\":\"escaped key\"}",
	`{"empty":"","e":[],"o":{}}`,
	`[{"a":1},{"a":2}]`,
}

// parseValid decodes every valid text exactly as the Decoder does.
func TestParseValidMatchesDecoder(t *testing.T) {
	for _, s := range parseCorpus {
		b := []byte(s)
		if !json.Valid(b) {
			t.Fatalf("corpus entry %q is not valid JSON", s)
		}
		want, err := decodeLikeDecoder(b)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if got := parseValid(b); !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n parseValid %#v\n Decoder    %#v", s, got, want)
		}
	}
}

func FuzzParseValid(f *testing.F) {
	for _, s := range parseCorpus {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) || tooDeep(b, maxJSONDepth) {
			return
		}
		want, err := decodeLikeDecoder(b)
		if err != nil {
			t.Fatalf("Decoder refused valid %q: %v", b, err)
		}
		if got := parseValid(b); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\n parseValid %#v\n Decoder    %#v", b, got, want)
		}
	})
}
