// Package invoke calls the AWS services a flow reaches out to, as Amazon
// Connect calls them: AWS Lambda's Invoke API (InvokeLambdaFunction) and
// Amazon Lex V2's RecognizeText (ConnectParticipantWithLexBot), each at an
// endpoint the operator names (--lambda-endpoint, --lex-endpoint), with
// requests signed by the AWS SDK for Go v2's SigV4 signer.
//
// It owns only the HTTP exchange: what to send comes from package flow,
// and what an answer means for the flow is decided there too. It must
// never import the service or read time other than through the clock it
// is given (the signature's date).
package invoke
