package dbuswire

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Message types.
const (
	TypeCall   = 1
	TypeReturn = 2
	TypeError  = 3
	TypeSignal = 4
)

// flagNoReply is NO_REPLY_EXPECTED.
const flagNoReply = 1

// Header field codes.
const (
	fieldPath        = 1
	fieldInterface   = 2
	fieldMember      = 3
	fieldErrorName   = 4
	fieldReplySerial = 5
	fieldDestination = 6
	fieldSender      = 7
	fieldSignature   = 8
	fieldUnixFDs     = 9
)

// Call is a method call. Body holds the arguments as an Encoder made them,
// Signature their D-Bus signature.
type Call struct {
	Destination, Path, Interface, Member string
	Signature                            string
	Body                                 []byte
	// NoReply asks for no reply (NO_REPLY_EXPECTED).
	NoReply bool
}

// appendMessage appends the call as a little-endian message with serial.
func (c *Call) appendMessage(b []byte, serial uint32) []byte {
	start := len(b)
	var flags byte
	if c.NoReply {
		flags = flagNoReply
	}
	b = append(b, 'l', TypeCall, flags, 1)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(c.Body)))
	b = binary.LittleEndian.AppendUint32(b, serial)
	e := Encoder{b: b, base: start}
	fields := e.beginArray(8)
	field := func(code byte, sig byte, v string) {
		e.align(8)
		e.b = append(e.b, code, 1, sig, 0)
		if sig == 'g' {
			e.Signature(v)
		} else {
			e.String(v)
		}
	}
	field(fieldPath, 'o', c.Path)
	if c.Interface != "" {
		field(fieldInterface, 's', c.Interface)
	}
	field(fieldMember, 's', c.Member)
	if c.Destination != "" {
		field(fieldDestination, 's', c.Destination)
	}
	if c.Signature != "" {
		field(fieldSignature, 'g', c.Signature)
	}
	e.endArray(fields)
	e.align(8)
	return append(e.b, c.Body...)
}

// Message is a received message: its type, the serial it replies to, the
// error name of an error, and its body with the body's signature.
type Message struct {
	Type        byte
	ReplySerial uint32
	ErrorName   string
	Signature   string
	Body        []byte
	order       binary.ByteOrder
}

// Decoder returns a decoder of the body.
func (m *Message) Decoder() *Decoder { return &Decoder{b: m.Body, order: m.order} }

// Err is the error a TypeError message carries, else nil.
func (m *Message) Err() error {
	if m.Type != TypeError {
		return nil
	}
	text := ""
	if m.Signature != "" && m.Signature[0] == 's' {
		text = m.Decoder().String()
	}
	return fmt.Errorf("%s: %s", m.ErrorName, text)
}

// byteOrder reads a message's endianness flag.
func byteOrder(flag byte) (binary.ByteOrder, error) {
	switch flag {
	case 'l':
		return binary.LittleEndian, nil
	case 'B':
		return binary.BigEndian, nil
	}
	return nil, fmt.Errorf("dbuswire: bad endianness flag %q", flag)
}

// messageSize is the length of the whole message whose first 16 bytes
// b holds, from its header.
func messageSize(b []byte) (int, error) {
	order, err := byteOrder(b[0])
	if err != nil {
		return 0, err
	}
	body := uint64(order.Uint32(b[4:]))
	fields := uint64(order.Uint32(b[12:]))
	n := 16 + (fields+7)&^7 + body
	if n > 1<<27 {
		return 0, errors.New("dbuswire: message too long")
	}
	return int(n), nil
}

// ParseMessage decodes the header of one whole message b.
func ParseMessage(b []byte) (*Message, error) {
	if len(b) < 16 {
		return nil, errors.New("dbuswire: short message")
	}
	size, err := messageSize(b)
	if err != nil {
		return nil, err
	}
	if size != len(b) {
		return nil, fmt.Errorf("dbuswire: message is %d bytes, its header says %d", len(b), size)
	}
	order, _ := byteOrder(b[0])
	m := &Message{Type: b[1], order: order}
	if b[3] != 1 {
		return nil, fmt.Errorf("dbuswire: protocol version %d", b[3])
	}
	fieldsLen := int(order.Uint32(b[12:]))
	d := &Decoder{b: b[:16+fieldsLen], off: 16, order: order}
	for d.err == nil && d.off < len(d.b) {
		d.align(8)
		code := d.Byte()
		sig := d.Signature()
		switch {
		case d.err != nil:
		case len(sig) != 1:
			d.fail("header field %d has type %q", code, sig)
		case code == fieldReplySerial && sig == "u":
			m.ReplySerial = d.Uint32()
		case code == fieldErrorName && sig == "s":
			m.ErrorName = d.String()
		case code == fieldSignature && sig == "g":
			m.Signature = d.Signature()
		default:
			d.skipBasic(sig[0])
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	m.Body = b[16+(fieldsLen+7)&^7:]
	return m, nil
}
