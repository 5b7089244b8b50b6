#include "io/hdf5_bounded_driver.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace rs::h5 {

// The driver class layout changed in HDF5 1.13 (version, value, vector I/O); this file fills
// in the 1.10 / 1.12 layout only.
#if !H5_VERSION_GE(1, 13, 0)
namespace {

struct BoundedFile {
    H5FD_t pub;  // first: HDF5 sees a BoundedFile as an H5FD_t
    int fd;
    haddr_t eoa;
    haddr_t eof;
    dev_t device;
    ino_t inode;
};

BoundedFile* as_bounded(H5FD_t* f) { return reinterpret_cast<BoundedFile*>(f); }
const BoundedFile* as_bounded(const H5FD_t* f) { return reinterpret_cast<const BoundedFile*>(f); }

void push_error(const char* func, hid_t minor, const std::string& message) {
    H5Epush2(H5E_DEFAULT, __FILE__, func, __LINE__, H5E_ERR_CLS, H5E_VFL, minor, "%s", message.c_str());
}

H5FD_t* bounded_open(const char* name, unsigned flags, hid_t, haddr_t) {
    if (flags & (H5F_ACC_RDWR | H5F_ACC_TRUNC | H5F_ACC_EXCL | H5F_ACC_CREAT)) {
        push_error(__func__, H5E_CANTOPENFILE, "the bounded driver only reads");
        return nullptr;
    }
    const int fd = ::open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        push_error(__func__, H5E_CANTOPENFILE, std::strerror(errno));
        return nullptr;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        push_error(__func__, H5E_CANTOPENFILE, std::strerror(errno));
        ::close(fd);
        return nullptr;
    }
    auto* f = static_cast<BoundedFile*>(std::calloc(1, sizeof(BoundedFile)));
    if (!f) {
        ::close(fd);
        push_error(__func__, H5E_CANTOPENFILE, "out of memory");
        return nullptr;
    }
    f->fd = fd;
    f->eof = static_cast<haddr_t>(st.st_size);
    f->device = st.st_dev;
    f->inode = st.st_ino;
    return &f->pub;
}

herr_t bounded_close(H5FD_t* file) {
    BoundedFile* f = as_bounded(file);
    ::close(f->fd);
    std::free(f);
    return 0;
}

int bounded_cmp(const H5FD_t* a, const H5FD_t* b) {
    const BoundedFile *x = as_bounded(a), *y = as_bounded(b);
    if (x->device != y->device) return x->device < y->device ? -1 : 1;
    if (x->inode != y->inode) return x->inode < y->inode ? -1 : 1;
    return 0;
}

herr_t bounded_query(const H5FD_t*, unsigned long* flags) {
    *flags = 0;  // no metadata accumulator, no sieve buffer, no aggregation: we only read
    return 0;
}

haddr_t bounded_get_eoa(const H5FD_t* file, H5FD_mem_t) { return as_bounded(file)->eoa; }
herr_t bounded_set_eoa(H5FD_t* file, H5FD_mem_t, haddr_t addr) {
    as_bounded(file)->eoa = addr;
    return 0;
}
haddr_t bounded_get_eof(const H5FD_t* file, H5FD_mem_t) { return as_bounded(file)->eof; }

herr_t bounded_read(H5FD_t* file, H5FD_mem_t, hid_t, haddr_t addr, size_t size, void* buf) {
    const BoundedFile* f = as_bounded(file);
    // Written so that no sum can overflow: the address and the size each stay inside the file.
    if (addr == HADDR_UNDEF || addr > f->eof || size > f->eof - addr) {
        const std::string at = addr == HADDR_UNDEF ? std::string("the undefined address") : "address " + std::to_string(addr);
        push_error(__func__, H5E_READERROR,
                   "read of " + std::to_string(size) + " bytes at " + at + " lies outside the file (" + std::to_string(f->eof) +
                       " bytes)");
        return -1;
    }
    auto* out = static_cast<unsigned char*>(buf);
    while (size > 0) {
        const ssize_t n = ::pread(f->fd, out, size, static_cast<off_t>(addr));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            push_error(__func__, H5E_READERROR, n < 0 ? std::strerror(errno) : std::string("file shrank while being read"));
            return -1;
        }
        out += n;
        addr += static_cast<haddr_t>(n);
        size -= static_cast<size_t>(n);
    }
    return 0;
}

herr_t bounded_write(H5FD_t*, H5FD_mem_t, hid_t, haddr_t, size_t, const void*) {
    push_error(__func__, H5E_WRITEERROR, "the bounded driver only reads");
    return -1;
}

hid_t driver_id() {
    static const hid_t id = [] {
        H5FD_class_t c;
        std::memset(&c, 0, sizeof c);
        c.name = "rotoscope_bounded";
        c.maxaddr = static_cast<haddr_t>(INT64_MAX) - 1;
        c.fc_degree = H5F_CLOSE_WEAK;
        c.open = bounded_open;
        c.close = bounded_close;
        c.cmp = bounded_cmp;
        c.query = bounded_query;
        c.get_eoa = bounded_get_eoa;
        c.set_eoa = bounded_set_eoa;
        c.get_eof = bounded_get_eof;
        c.read = bounded_read;
        c.write = bounded_write;
        const H5FD_mem_t map[] = H5FD_FLMAP_DICHOTOMY;
        std::memcpy(c.fl_map, map, sizeof map);
        return H5FDregister(&c);  // HDF5 copies the class
    }();
    return id;
}

}  // namespace

H5::FileAccPropList bounded_read_access() {
    H5::FileAccPropList fapl;
    const hid_t id = driver_id();
    if (id < 0) throw H5::FileIException("bounded_read_access", "cannot register the bounded file driver");
    fapl.setDriver(id, nullptr);
    return fapl;
}

#else

H5::FileAccPropList bounded_read_access() { return H5::FileAccPropList(); }

#endif

}  // namespace rs::h5
