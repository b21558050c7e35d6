// A stand-in for the legacy github.com/gonum/matrix module, with the part of
// mat64's API the legacymat testdata package uses, so that the analysistest
// module needs no download of an archived module.
module github.com/gonum/matrix

go 1.26
