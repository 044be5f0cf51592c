// Package handler implements the Amazon Connect operations: one method per
// operation, grouped by resource family. Each handler does four things:
// take the validated api input, call the service once, translate the error
// (through internal/awserr, the one table), and fill the api output.
//
// Handlers never touch storage or engines directly and never write HTTP.
package handler
