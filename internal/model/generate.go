package model

// go generate ./... rebuilds the model copy and the api package's generated
// files from botocore (or, without it, from connect.json itself).
//go:generate ../../scripts/regen-model
