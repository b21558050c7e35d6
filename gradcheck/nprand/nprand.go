// Package nprand reproduces numpy's legacy random stream (np.random.seed,
// np.random.rand, np.random.randn) so that course fixtures written as
// "np.random.seed(1); X = np.random.randn(3, 7)" can be rebuilt in Go.
//
// The algorithm is numpy's RandomState:
//
//   - seeding is MT19937's init_genrand: key[0] = seed,
//     key[i] = 1812433253·(key[i−1] xor key[i−1]>>30) + i;
//   - a uniform double takes two 32-bit draws, a = next()>>5 then
//     b = next()>>6, and returns (a·2²⁶ + b)/2⁵³ (53 random bits, exact);
//   - a normal is Marsaglia's polar method: draw x1 = 2u−1, x2 = 2u−1 until
//     0 < r2 = x1²+x2² < 1, let f = sqrt(−2·ln(r2)/r2), return f·x2 and cache
//     f·x1 for the next call. The cache survives across calls; only seeding
//     clears it. Matrices are filled row-major, as numpy fills C arrays.
//
// Integers and uniforms are bit-identical to numpy. Normals agree to within
// a few ulp: numpy evaluates ln with the C library, and Go's math.Log differs
// from glibc's in the last bits for a few percent of arguments (measured on
// the first 1000 normals of seeds 0, 1, 3 and 2³²−1: 32 to 40 differ, by at
// most 2 ulp; the tests bound it at 4). The rejection test never depends on
// ln, so the stream never drifts.
package nprand

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

const (
	n         = 624
	m         = 397
	matrixA   = 0x9908b0df
	upperMask = 0x80000000
	lowerMask = 0x7fffffff
)

// RandomState is numpy's legacy generator. The zero value is not seeded;
// use New.
type RandomState struct {
	key       [n]uint32
	pos       int
	hasGauss  bool
	gaussNext float64
}

// New returns a generator seeded as np.random.seed(seed).
func New(seed uint32) *RandomState {
	r := &RandomState{}
	r.Seed(seed)
	return r
}

// Seed reseeds the generator as np.random.seed(seed) and clears the cached normal.
func (r *RandomState) Seed(seed uint32) {
	r.key[0] = seed
	for i := 1; i < n; i++ {
		prev := r.key[i-1]
		r.key[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	r.pos = n
	r.hasGauss = false
	r.gaussNext = 0
}

// Uint32 returns the next 32-bit output of MT19937.
func (r *RandomState) Uint32() uint32 {
	if r.pos == n {
		r.regenerate()
	}
	y := r.key[r.pos]
	r.pos++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

func (r *RandomState) regenerate() {
	for i := 0; i < n; i++ {
		y := (r.key[i] & upperMask) | (r.key[(i+1)%n] & lowerMask)
		v := r.key[(i+m)%n] ^ (y >> 1)
		if y&1 != 0 {
			v ^= matrixA
		}
		r.key[i] = v
	}
	r.pos = 0
}

// Float64 returns a uniform double in [0, 1), as np.random.rand().
func (r *RandomState) Float64() float64 {
	a := r.Uint32() >> 5
	b := r.Uint32() >> 6
	return (float64(a)*67108864 + float64(b)) / 9007199254740992
}

// NormFloat64 returns a standard normal, as np.random.randn().
func (r *RandomState) NormFloat64() float64 {
	if r.hasGauss {
		r.hasGauss = false
		return r.gaussNext
	}
	var x1, x2, r2 float64
	for {
		x1 = 2*r.Float64() - 1
		x2 = 2*r.Float64() - 1
		// float64() around each product forbids FMA, which numpy's C does not use.
		r2 = float64(x1*x1) + float64(x2*x2)
		if r2 < 1 && r2 != 0 {
			break
		}
	}
	f := math.Sqrt(-2 * math.Log(r2) / r2)
	r.hasGauss = true
	r.gaussNext = f * x1
	return f * x2
}

// Rand returns an r×c matrix of uniforms filled row-major, as np.random.rand(r, c).
func (r *RandomState) Rand(rows, cols int) *mat.Dense {
	return r.fill(rows, cols, r.Float64)
}

// Randn returns an r×c matrix of normals filled row-major, as np.random.randn(r, c).
func (r *RandomState) Randn(rows, cols int) *mat.Dense {
	return r.fill(rows, cols, r.NormFloat64)
}

func (r *RandomState) fill(rows, cols int, next func() float64) *mat.Dense {
	data := make([]float64, rows*cols)
	for i := range data {
		data[i] = next()
	}
	return mat.NewDense(rows, cols, data)
}
