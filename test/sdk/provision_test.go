package sdk

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// TestInstanceResourceAttributes drives aws_connect_instance's attribute
// handling: UpdateInstanceAttribute per attribute after create, read
// back with DescribeInstanceAttribute, and the whole set listed.
func TestInstanceResourceAttributes(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "tf-instance")
	read := func(typ types.InstanceAttributeType) string {
		t.Helper()
		out, err := c.DescribeInstanceAttribute(ctx(), &connect.DescribeInstanceAttributeInput{InstanceId: &iid, AttributeType: typ})
		if err != nil {
			t.Fatal(err)
		}
		return *out.Attribute.Value
	}
	if read(types.InstanceAttributeTypeContactLens) != "true" || read(types.InstanceAttributeTypeContactflowLogs) != "false" {
		t.Fatal("defaults")
	}
	for _, typ := range types.InstanceAttributeType("").Values() {
		old := read(typ)
		want := map[string]string{"true": "false", "false": "true"}[old]
		if _, err := c.UpdateInstanceAttribute(ctx(), &connect.UpdateInstanceAttributeInput{InstanceId: &iid, AttributeType: typ, Value: &want}); err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if got := read(typ); got != want {
			t.Fatalf("%s = %s after setting %s", typ, got, want)
		}
	}
	d, err := c.DescribeInstance(ctx(), &connect.DescribeInstanceInput{InstanceId: &iid})
	if err != nil || *d.Instance.InboundCallsEnabled {
		t.Fatalf("INBOUND_CALLS flipped off, DescribeInstance says %+v %v", d, err)
	}
	l, err := c.ListInstanceAttributes(ctx(), &connect.ListInstanceAttributesInput{InstanceId: &iid})
	if err != nil || len(l.Attributes) != len(types.InstanceAttributeType("").Values()) {
		t.Fatalf("ListInstanceAttributes: %+v %v", l, err)
	}
	_, err = c.UpdateInstanceAttribute(ctx(), &connect.UpdateInstanceAttributeInput{InstanceId: &iid, AttributeType: types.InstanceAttributeTypeEarlyMedia, Value: aws.String("maybe")})
	wantAPIError(t, err, "InvalidParameterException", 400)
}

// TestApprovedOriginResource drives an instance's approved origins:
// associate, list, a second associate conflicts, disassociate, gone.
func TestApprovedOriginResource(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "tf-origins")
	list := func() []string {
		out, err := c.ListApprovedOrigins(ctx(), &connect.ListApprovedOriginsInput{InstanceId: &iid})
		if err != nil {
			t.Fatal(err)
		}
		return out.Origins
	}
	if _, err := c.AssociateApprovedOrigin(ctx(), &connect.AssociateApprovedOriginInput{InstanceId: &iid, Origin: aws.String("https://agents.example.com")}); err != nil {
		t.Fatal(err)
	}
	if got := list(); len(got) != 1 || got[0] != "https://agents.example.com" {
		t.Fatalf("origins %v", got)
	}
	_, err := c.AssociateApprovedOrigin(ctx(), &connect.AssociateApprovedOriginInput{InstanceId: &iid, Origin: aws.String("https://agents.example.com")})
	wantAPIError(t, err, "ResourceConflictException", 409)
	_, err = c.AssociateApprovedOrigin(ctx(), &connect.AssociateApprovedOriginInput{InstanceId: &iid, Origin: aws.String("ftp://x/y")})
	wantAPIError(t, err, "InvalidParameterException", 400)
	if _, err := c.DisassociateApprovedOrigin(ctx(), &connect.DisassociateApprovedOriginInput{InstanceId: &iid, Origin: aws.String("https://agents.example.com")}); err != nil {
		t.Fatal(err)
	}
	if got := list(); len(got) != 0 {
		t.Fatalf("origins after disassociate %v", got)
	}
}

// TestVocabularyResource drives aws_connect_vocabulary: create, wait
// ACTIVE, read (tags), delete, wait not found; a bad table ends
// CREATION_FAILED.
func TestVocabularyResource(t *testing.T) {
	e := newEnv(t)
	c := e.client
	iid := newInstance(t, c, "tf-vocab")
	out, err := c.CreateVocabulary(ctx(), &connect.CreateVocabularyInput{InstanceId: &iid, VocabularyName: aws.String("products"),
		LanguageCode: types.VocabularyLanguageCodeEnUs, Content: aws.String("Phrase\tDisplayAs\nConnect-Local\tconnect-local\n"),
		Tags: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	if out.State != types.VocabularyStateCreationInProgress {
		t.Fatalf("state at creation %s", out.State)
	}
	describe := func() (*types.Vocabulary, error) {
		d, err := c.DescribeVocabulary(ctx(), &connect.DescribeVocabularyInput{InstanceId: &iid, VocabularyId: out.VocabularyId})
		if err != nil {
			return nil, err
		}
		return d.Vocabulary, nil
	}
	if polls := e.waitFor(t, "vocabulary ACTIVE", func() (bool, error) {
		v, err := describe()
		return err == nil && v.State == types.VocabularyStateActive, err
	}); polls < 2 {
		t.Fatalf("ACTIVE after %d polls", polls)
	}
	v, _ := describe()
	if *v.Name != "products" || v.Tags["k"] != "v" || v.LanguageCode != types.VocabularyLanguageCodeEnUs || *v.Arn != *out.VocabularyArn {
		t.Fatalf("read %+v", v)
	}
	// The data source looks it up by name.
	s, err := c.SearchVocabularies(ctx(), &connect.SearchVocabulariesInput{InstanceId: &iid, NameStartsWith: aws.String("prod")})
	if err != nil || len(s.VocabularySummaryList) != 1 || *s.VocabularySummaryList[0].Id != *out.VocabularyId {
		t.Fatalf("SearchVocabularies %+v %v", s, err)
	}
	if _, err := c.AssociateDefaultVocabulary(ctx(), &connect.AssociateDefaultVocabularyInput{InstanceId: &iid, LanguageCode: types.VocabularyLanguageCodeEnUs, VocabularyId: out.VocabularyId}); err != nil {
		t.Fatal(err)
	}
	dl, err := c.ListDefaultVocabularies(ctx(), &connect.ListDefaultVocabulariesInput{InstanceId: &iid})
	if err != nil || len(dl.DefaultVocabularyList) != 1 || *dl.DefaultVocabularyList[0].VocabularyName != "products" {
		t.Fatalf("defaults %+v %v", dl, err)
	}
	_, err = c.CreateVocabulary(ctx(), &connect.CreateVocabularyInput{InstanceId: &iid, VocabularyName: aws.String("products"),
		LanguageCode: types.VocabularyLanguageCodeEnUs, Content: aws.String("Phrase\nx\n")})
	wantAPIError(t, err, "ResourceConflictException", 409)
	del, err := c.DeleteVocabulary(ctx(), &connect.DeleteVocabularyInput{InstanceId: &iid, VocabularyId: out.VocabularyId})
	if err != nil || del.State != types.VocabularyStateDeleteInProgress {
		t.Fatalf("delete %+v %v", del, err)
	}
	e.waitGone(t, "vocabulary", func() error { _, err := describe(); return err })

	bad, err := c.CreateVocabulary(ctx(), &connect.CreateVocabularyInput{InstanceId: &iid, VocabularyName: aws.String("bad"),
		LanguageCode: types.VocabularyLanguageCodeEnUs, Content: aws.String("Word\tMeaning\nx\ty\n")})
	if err != nil {
		t.Fatal(err)
	}
	e.waitFor(t, "vocabulary settles", func() (bool, error) {
		d, err := c.DescribeVocabulary(ctx(), &connect.DescribeVocabularyInput{InstanceId: &iid, VocabularyId: bad.VocabularyId})
		return err == nil && d.Vocabulary.State == types.VocabularyStateCreationFailed && d.Vocabulary.FailureReason != nil, err
	})
}
