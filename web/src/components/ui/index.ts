// The UI kit: primitives on radix-ui, styled with the tokens in app/globals.css. They fetch nothing.
export { Avatar } from "./avatar";
export { Badge } from "./badge";
export { Button, Spinner, type ButtonProps } from "./button";
export { Checkbox } from "./checkbox";
export { Combobox, type ComboboxOption, type ComboboxProps } from "./combobox";
export { ConfirmDialog, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "./dialog";
export {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "./dropdown-menu";
export { EmptyState } from "./empty-state";
export { Field, FieldError, FormError, type FieldProps } from "./field";
export { Input, Textarea } from "./input";
export { Label } from "./label";
export { Select, type SelectOption } from "./select";
export { Sheet, SheetClose, SheetContent, SheetFooter, SheetFormFooter, SheetTrigger } from "./sheet";
export { Skeleton, SkeletonMedia } from "./skeleton";
export { UnderlineTab } from "./tabs";
export { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./table";
export { ToastProvider, useToast, type ToastMessage } from "./toast";
