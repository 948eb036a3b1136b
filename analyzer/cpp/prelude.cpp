// The declarations that stand in for the system headers (see prelude.h).
#include "analyzer/cpp/prelude.h"

namespace envdrift::cpp {

std::string_view prelude_text() {
  // Declarations only, no bodies: parsing this costs a millisecond, the real <string> and
  // <map> cost hundreds. Members a service calls that are missing here only make that one
  // expression invalid; the reads around it are kept.
  static constexpr std::string_view kText = R"PRELUDE(#pragma once
#pragma clang system_header
typedef __SIZE_TYPE__ size_t;
typedef int errno_t;
#ifdef __cplusplus
extern "C" {
#endif
char* getenv(const char* name);
char* secure_getenv(const char* name);
int setenv(const char* name, const char* value, int overwrite);
int unsetenv(const char* name);
int putenv(char* string);
int clearenv(void);
errno_t getenv_s(size_t* len, char* value, size_t size, const char* name);
errno_t _dupenv_s(char** value, size_t* len, const char* name);
#ifdef __cplusplus
wchar_t* _wgetenv(const wchar_t* name);
errno_t _wgetenv_s(size_t* len, wchar_t* value, size_t size, const wchar_t* name);
#endif
extern char** environ;
int atoi(const char*);
long atol(const char*);
long long atoll(const char*);
double atof(const char*);
long strtol(const char*, char**, int);
unsigned long strtoul(const char*, char**, int);
long long strtoll(const char*, char**, int);
double strtod(const char*, char**);
int strcmp(const char*, const char*);
int strncmp(const char*, const char*, size_t);
int strcasecmp(const char*, const char*);
size_t strlen(const char*);
char* strdup(const char*);
int printf(const char*, ...);
int fprintf(void*, const char*, ...);
int snprintf(char*, size_t, const char*, ...);
void exit(int);
void abort(void);
void* malloc(size_t);
void free(void*);
#ifdef __cplusplus
}
#define NULL nullptr
namespace std {
using ::size_t; using ::getenv; using ::setenv; using ::atoi; using ::atol; using ::atoll; using ::atof;
using ::strtol; using ::strtoul; using ::strtoll; using ::strtod; using ::strcmp; using ::strlen; using ::exit;
using ::abort; using ::getenv_s; using ::printf; using ::snprintf;
typedef decltype(nullptr) nullptr_t;
template <class E> class initializer_list {
  const E* b_; size_t n_;
 public:
  constexpr initializer_list() noexcept;
  constexpr size_t size() const noexcept;
  constexpr const E* begin() const noexcept;
  constexpr const E* end() const noexcept;
};
template <class T> struct remove_reference { typedef T type; };
template <class T> struct remove_reference<T&> { typedef T type; };
template <class T> struct remove_reference<T&&> { typedef T type; };
template <class T> typename remove_reference<T>::type&& move(T&&) noexcept;
template <class T> T&& forward(typename remove_reference<T>::type&) noexcept;
template <class A, class B> struct pair {
  A first; B second;
  pair(); pair(const A&, const B&);
  template <class U, class V> pair(U&&, V&&);
};
template <class A, class B> pair<A, B> make_pair(A, B);
template <class C> class basic_string_view {
 public:
  typedef size_t size_type; static constexpr size_type npos = size_type(-1);
  constexpr basic_string_view() noexcept;
  constexpr basic_string_view(const C* s);
  constexpr basic_string_view(const C* s, size_type n);
  constexpr const C* data() const noexcept;
  constexpr size_type size() const noexcept;
  constexpr size_type length() const noexcept;
  constexpr bool empty() const noexcept;
  constexpr const C* begin() const noexcept;
  constexpr const C* end() const noexcept;
  constexpr C operator[](size_type) const;
  constexpr basic_string_view substr(size_type = 0, size_type = npos) const;
  constexpr size_type find(basic_string_view, size_type = 0) const noexcept;
  constexpr size_type find(C, size_type = 0) const noexcept;
  constexpr bool starts_with(basic_string_view) const noexcept;
  constexpr int compare(basic_string_view) const noexcept;
};
typedef basic_string_view<char> string_view;
typedef basic_string_view<wchar_t> wstring_view;
template <class C> bool operator==(basic_string_view<C>, basic_string_view<C>) noexcept;
template <class C> bool operator!=(basic_string_view<C>, basic_string_view<C>) noexcept;
template <class C> bool operator<(basic_string_view<C>, basic_string_view<C>) noexcept;
template <class C> class basic_string {
 public:
  typedef size_t size_type; typedef C value_type; static const size_type npos = size_type(-1);
  basic_string();
  basic_string(const C* s);
  basic_string(const C* s, size_type n);
  basic_string(size_type n, C c);
  basic_string(const basic_string&);
  basic_string(basic_string&&) noexcept;
  basic_string(basic_string_view<C>);
  template <class It> basic_string(It, It);
  basic_string& operator=(const basic_string&);
  basic_string& operator=(const C*);
  basic_string& operator+=(const basic_string&);
  basic_string& operator+=(const C*);
  basic_string& operator+=(C);
  operator basic_string_view<C>() const noexcept;
  const C* c_str() const noexcept;
  const C* data() const noexcept;
  size_type size() const noexcept;
  size_type length() const noexcept;
  bool empty() const noexcept;
  void clear() noexcept;
  C& operator[](size_type);
  const C& operator[](size_type) const;
  C* begin(); C* end(); const C* begin() const; const C* end() const;
  basic_string substr(size_type = 0, size_type = npos) const;
  size_type find(const basic_string&, size_type = 0) const;
  size_type find(const C*, size_type = 0) const;
  size_type find(C, size_type = 0) const;
  size_type rfind(C, size_type = npos) const;
  int compare(const basic_string&) const;
  basic_string& append(const basic_string&);
  void push_back(C);
};
typedef basic_string<char> string;
typedef basic_string<wchar_t> wstring;
template <class C> basic_string<C> operator+(const basic_string<C>&, const basic_string<C>&);
template <class C> basic_string<C> operator+(const basic_string<C>&, const C*);
template <class C> basic_string<C> operator+(const C*, const basic_string<C>&);
template <class C> basic_string<C> operator+(const basic_string<C>&, C);
template <class C> bool operator==(const basic_string<C>&, const basic_string<C>&);
template <class C> bool operator==(const basic_string<C>&, const C*);
template <class C> bool operator!=(const basic_string<C>&, const basic_string<C>&);
template <class C> bool operator!=(const basic_string<C>&, const C*);
template <class C> bool operator<(const basic_string<C>&, const basic_string<C>&);
int stoi(const string&, size_t* = nullptr, int = 10);
long stol(const string&, size_t* = nullptr, int = 10);
long long stoll(const string&, size_t* = nullptr, int = 10);
unsigned long stoul(const string&, size_t* = nullptr, int = 10);
double stod(const string&, size_t* = nullptr);
string to_string(int); string to_string(long); string to_string(long long); string to_string(double);
struct nullopt_t { explicit constexpr nullopt_t(int) {} };
inline constexpr nullopt_t nullopt{0};
template <class T> class optional {
 public:
  constexpr optional() noexcept;
  constexpr optional(nullopt_t) noexcept;
  template <class U> constexpr optional(U&&);
  constexpr bool has_value() const noexcept;
  constexpr explicit operator bool() const noexcept;
  constexpr const T& value() const;
  constexpr const T& operator*() const;
  constexpr const T* operator->() const;
  template <class U> constexpr T value_or(U&&) const;
};
template <class T, size_t N> struct array {
  T elems_[N];
  constexpr size_t size() const noexcept;
  constexpr T* begin() noexcept; constexpr T* end() noexcept;
  constexpr const T* begin() const noexcept; constexpr const T* end() const noexcept;
  constexpr T& operator[](size_t); constexpr const T& operator[](size_t) const;
  constexpr const T* data() const noexcept;
};
template <class T> class vector {
 public:
  vector(); vector(initializer_list<T>); vector(const vector&);
  size_t size() const; bool empty() const;
  T* begin(); T* end(); const T* begin() const; const T* end() const;
  T& operator[](size_t); const T& operator[](size_t) const;
  void push_back(const T&); template <class... A> T& emplace_back(A&&...);
  T* data();
};
template <class K, class V> class map {
 public:
  typedef pair<const K, V> value_type;
  map(); map(initializer_list<value_type>);
  size_t size() const; bool empty() const;
  value_type* begin(); value_type* end(); const value_type* begin() const; const value_type* end() const;
  V& operator[](const K&); const V& at(const K&) const; V& at(const K&);
  const value_type* find(const K&) const; size_t count(const K&) const;
};
template <class K, class V> class unordered_map : public map<K, V> {
 public:
  unordered_map(); unordered_map(initializer_list<pair<const K, V>>);
};
template <class T> class set {
 public:
  set(); set(initializer_list<T>);
  const T* begin() const; const T* end() const; size_t count(const T&) const;
};
template <class T> class unordered_set : public set<T> {
 public:
  unordered_set(); unordered_set(initializer_list<T>);
};
class ostream { public: template <class T> ostream& operator<<(const T&); };
extern ostream cout; extern ostream cerr; extern ostream clog;
template <class T> ostream& endl(ostream&);
class runtime_error { public: explicit runtime_error(const string&); explicit runtime_error(const char*); };
class invalid_argument { public: explicit invalid_argument(const string&); explicit invalid_argument(const char*); };
}  // namespace std
class QByteArray {
 public:
  QByteArray(); QByteArray(const char*);
  const char* constData() const; const char* data() const; bool isEmpty() const; bool isNull() const;
  int toInt(bool* ok = nullptr, int base = 10) const; long toLong(bool* ok = nullptr, int base = 10) const;
  double toDouble(bool* ok = nullptr) const;
};
class QString {
 public:
  QString(); QString(const char*); QString(const QByteArray&);
  bool isEmpty() const; bool isNull() const; int toInt(bool* ok = nullptr, int base = 10) const;
  QByteArray toUtf8() const; QByteArray toLocal8Bit() const; std::string toStdString() const;
  static QString fromUtf8(const char*); static QString fromLocal8Bit(const QByteArray&);
};
QByteArray qgetenv(const char* varName);
bool qputenv(const char* varName, const QByteArray& value);
bool qunsetenv(const char* varName);
QString qEnvironmentVariable(const char* varName);
QString qEnvironmentVariable(const char* varName, const QString& defaultValue);
int qEnvironmentVariableIntValue(const char* varName, bool* ok = nullptr);
bool qEnvironmentVariableIsSet(const char* varName);
bool qEnvironmentVariableIsEmpty(const char* varName);
#else
#define NULL ((void*)0)
#endif
)PRELUDE";
  return kText;
}

}  // namespace envdrift::cpp
