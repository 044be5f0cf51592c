"""The CLI suite (aws CLI and boto3 against the binary)."""
