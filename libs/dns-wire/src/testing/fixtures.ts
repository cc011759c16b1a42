/**
 * A zone with every RDATA type the library types, plus RFC 3597 generic
 * forms, for the writer and golden tests. Times are inside 1970..2106 and
 * within 68 years of now, so BIND prints them without serial wrap-around.
 */
export const ALL_TYPES_ZONE = `$ORIGIN example.test.
$TTL 300
@ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300
@ NS ns1
@ NS ns2.other.test.
@ MX 10 mail
@ ZONEMD 2024010101 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
ns1 A 192.0.2.1
ns1 AAAA 2001:db8::1
mail A 192.0.2.25
v4m AAAA ::ffff:1.2.3.4
v4c AAAA ::1.2.3.4
v6z AAAA 1:0:0:1::1
t TXT "hello world" "a\\"b\\\\c" "\\001\\255é;"
e TXT ""
_sip._tcp SRV 10 20 5060 sip
n NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp
c CAA 0 issue "letsencrypt.org"
c CAA 128 tbs "a b"
ss SSHFP 1 1 123456789abcdef67890123456789abcdef67890
ss SSHFP 4 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
_443._tcp TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
sm SMIMEA 3 1 1 0123456789abcdef
h HINFO "PC" "Linux os"
l LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m
l2 LOC 1 2 N 3 E 4m
l3 LOC 42 21 54.5 S 71 6 18 W -24m 30m 0.5m 2m
spf SPF "v=spf1 -all"
ds DS 12345 8 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
cds CDS 0 0 0 00
k DNSKEY 257 3 13 oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA==
cdk CDNSKEY 0 3 0 AA==
sig RRSIG A 13 3 300 20400201000000 20240101000000 12345 example.test. oJMRESz5E4gYzS/q6XDrvU1qMPYIjCWzJaOau8XNEZeqCYKD5ar0IRd8KqXXFJkqmVfRvMGPmM1x8fGAa2XhSA==
nsec NSEC next.example.test. A NS SOA MX RRSIG NSEC DNSKEY TYPE1234
2vptu5timamqttgl4luu9kg21e0aor3s NSEC3 1 1 10 AABBCCDD 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG
3vptu5timamqttgl4luu9kg21e0aor3s NSEC3 1 0 0 - 2vptu5timamqttgl4luu9kg21e0aor3s
n3p NSEC3PARAM 1 0 10 aabbccdd
svc SVCB 1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1 ech=AEX+DQBBpQAgACB/RW1jpBJmSRfFQPw0xjN7sZp/p/NDgcZ6QvAPZO15ZQAEAAEAAQASY2xvdWRmbGFyZS1lY2guY29tAAA= ipv6hint=2001:db8::1 mandatory=alpn,port
svc2 SVCB 0 target.test.
h HTTPS 0 target.example.
h2 HTTPS 1 . alpn="h3,h2\\\\,x" no-default-alpn key65000=abc
pgp OPENPGPKEY AQID
u URI 10 1 "https://example.test/"
dn DNAME other.test.
p PTR host
x TYPE65534 \\# 4 0a000001
y A \\# 4 0a000001
*.wild A 192.0.2.42
esc\\.aped\\ name A 192.0.2.43
`;
