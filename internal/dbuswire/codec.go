package dbuswire

import (
	"encoding/binary"
	"fmt"
)

// Encoder marshals a body, little-endian. Alignment is counted from base,
// the start of the message (a body starts 8-aligned, so from the body's
// start too).
type Encoder struct {
	b    []byte
	base int
}

// Bytes is what was encoded.
func (e *Encoder) Bytes() []byte { return e.b[e.base:] }

func (e *Encoder) align(n int) {
	for (len(e.b)-e.base)%n != 0 {
		e.b = append(e.b, 0)
	}
}

// Uint32 encodes a UINT32 (u).
func (e *Encoder) Uint32(v uint32) {
	e.align(4)
	e.b = binary.LittleEndian.AppendUint32(e.b, v)
}

// String encodes a STRING (s) or OBJECT_PATH (o).
func (e *Encoder) String(s string) {
	e.Uint32(uint32(len(s)))
	e.b = append(e.b, s...)
	e.b = append(e.b, 0)
}

// Signature encodes a SIGNATURE (g).
func (e *Encoder) Signature(s string) {
	e.b = append(e.b, byte(len(s)))
	e.b = append(e.b, s...)
	e.b = append(e.b, 0)
}

// StringVariant encodes a VARIANT holding a STRING (v of s).
func (e *Encoder) StringVariant(s string) {
	e.Signature("s")
	e.String(s)
}

// ObjectPaths encodes an ARRAY of OBJECT_PATH (ao).
func (e *Encoder) ObjectPaths(paths ...string) {
	at := e.beginArray(4)
	for _, p := range paths {
		e.String(p)
	}
	e.endArray(at)
}

// StringMap encodes a DICT of STRING to STRING (a{ss}), in the order given:
// key, value, key, value…
func (e *Encoder) StringMap(kv ...string) {
	at := e.beginArray(8)
	for i := 0; i+1 < len(kv); i += 2 {
		e.align(8)
		e.String(kv[i])
		e.String(kv[i+1])
	}
	e.endArray(at)
}

// beginArray writes a placeholder length and the padding to the elements'
// alignment; endArray fills the length in. The length counts from the
// first element, after that padding.
func (e *Encoder) beginArray(elemAlign int) arrayMark {
	e.align(4)
	lenAt := len(e.b)
	e.b = append(e.b, 0, 0, 0, 0)
	e.align(elemAlign)
	return arrayMark{lenAt, len(e.b)}
}

type arrayMark struct{ lenAt, first int }

func (e *Encoder) endArray(m arrayMark) {
	binary.LittleEndian.PutUint32(e.b[m.lenAt:], uint32(len(e.b)-m.first))
}

// pad is the padding that aligns offset off to n.
func pad(off, n int) int { return (n - off%n) % n }

// Decoder unmarshals a body. The first failure sticks: later reads return
// zero values, and Err reports it.
type Decoder struct {
	b     []byte
	off   int
	order binary.ByteOrder
	err   error
}

// Err is the first failure, if any.
func (d *Decoder) Err() error { return d.err }

// Done fails unless every byte was read.
func (d *Decoder) Done() error {
	if d.err == nil && d.off != len(d.b) {
		d.fail("%d bytes left over", len(d.b)-d.off)
	}
	return d.err
}

func (d *Decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("dbuswire: "+format, args...)
	}
}

func (d *Decoder) align(n int) {
	p := pad(d.off, n)
	if d.off+p > len(d.b) {
		d.fail("short message")
		return
	}
	d.off += p
}

func (d *Decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b)-d.off {
		d.fail("short message")
		return nil
	}
	s := d.b[d.off : d.off+n]
	d.off += n
	return s
}

// Byte reads a BYTE (y).
func (d *Decoder) Byte() byte {
	if s := d.take(1); s != nil {
		return s[0]
	}
	return 0
}

// Uint32 reads a UINT32 (u).
func (d *Decoder) Uint32() uint32 {
	d.align(4)
	if s := d.take(4); s != nil {
		return d.order.Uint32(s)
	}
	return 0
}

// Bool reads a BOOLEAN (b).
func (d *Decoder) Bool() bool {
	v := d.Uint32()
	if v > 1 {
		d.fail("boolean %d", v)
	}
	return v == 1
}

// String reads a STRING (s) or OBJECT_PATH (o).
func (d *Decoder) String() string {
	n := d.Uint32()
	s := d.take(int(n) + 1)
	if s == nil {
		return ""
	}
	if s[n] != 0 {
		d.fail("string without its NUL")
		return ""
	}
	return string(s[:n])
}

// Signature reads a SIGNATURE (g).
func (d *Decoder) Signature() string {
	n := d.Byte()
	s := d.take(int(n) + 1)
	if s == nil {
		return ""
	}
	if s[n] != 0 {
		d.fail("signature without its NUL")
		return ""
	}
	return string(s[:n])
}

// Bytes reads an ARRAY of BYTE (ay).
func (d *Decoder) Bytes() []byte {
	n := d.Uint32()
	return d.take(int(n))
}

// Array reads an array's length, aligns to its elements and returns a
// function that says whether another element follows.
func (d *Decoder) Array(elemAlign int) (more func() bool) {
	n := d.Uint32()
	if n > 1<<26 {
		d.fail("array of %d bytes", n)
	}
	d.align(elemAlign)
	end := d.off + int(n)
	if d.err == nil && end > len(d.b) {
		d.fail("short message")
	}
	return func() bool {
		if d.err != nil {
			return false
		}
		if d.off > end {
			d.fail("array element past the array's end")
		}
		return d.err == nil && d.off < end
	}
}

// ObjectPaths reads an ARRAY of OBJECT_PATH (ao).
func (d *Decoder) ObjectPaths() []string {
	var out []string
	for more := d.Array(4); more(); {
		out = append(out, d.String())
	}
	return out
}

// Struct aligns to a STRUCT or DICT_ENTRY.
func (d *Decoder) Struct() { d.align(8) }

// skipBasic skips one value of a basic type.
func (d *Decoder) skipBasic(t byte) {
	switch t {
	case 'y':
		d.take(1)
	case 'n', 'q':
		d.align(2)
		d.take(2)
	case 'b', 'i', 'u', 'h':
		d.align(4)
		d.take(4)
	case 'x', 't', 'd':
		d.align(8)
		d.take(8)
	case 's', 'o':
		_ = d.String()
	case 'g':
		_ = d.Signature()
	default:
		d.fail("cannot skip a value of type %q", t)
	}
}
