package dbuswire

import "testing"

// FuzzParseMessage feeds arbitrary bytes, as a hostile or broken bus could
// send them, to the header parser and to every decoding sequence the fast
// path uses: none may panic or loop, and a failure must be an error.
func FuzzParseMessage(f *testing.F) {
	var e Encoder
	e.ObjectPaths("/org/freedesktop/secrets/collection/login/1")
	e.ObjectPaths()
	f.Add((&Call{Path: "/", Member: "M", Signature: "aoao", Body: e.Bytes()}).appendMessage(nil, 3))
	var v Encoder
	v.StringVariant("")
	v.String("/org/freedesktop/secrets/session/s1")
	f.Add((&Call{Path: "/", Member: "M", Signature: "vo", Body: v.Bytes()}).appendMessage(nil, 4))
	f.Add((&Call{Path: "/", Member: "Hello"}).appendMessage(nil, 1))
	f.Add([]byte("B\x02\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x08\x05\x01u\x00\x00\x00\x00\x02"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) >= 16 {
			if _, err := messageSize(b); err != nil {
				return
			}
		}
		m, err := ParseMessage(b)
		if err != nil {
			return
		}
		_ = m.Err()
		for _, read := range []func(d *Decoder){
			func(d *Decoder) { d.ObjectPaths(); d.ObjectPaths() },
			func(d *Decoder) { d.Signature(); _ = d.String(); _ = d.String() },
			func(d *Decoder) { d.Signature(); d.Bool() },
			func(d *Decoder) {
				for more := d.Array(8); more(); {
					d.Struct()
					_ = d.String()
					d.Struct()
					_ = d.String()
					d.Bytes()
					d.Bytes()
					_ = d.String()
				}
			},
		} {
			d := m.Decoder()
			read(d)
			d.Done()
		}
	})
}
